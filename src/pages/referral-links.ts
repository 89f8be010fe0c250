import type { Request, Response, Server } from 'restify';
import type { Db } from '../db/client';
import { findReferralByCode } from '../domain/referrals/find-referral';
import type { Clock } from '../lib/clock';
import { escapeHtml } from '../lib/html';
import type { Logger } from '../lib/logger';

// The links practices send: /r/<code> (one person's referral text) and /p/<ODS code> (a
// practice's own link, for its own texting tool). Both lead into web chat; a link that no
// longer works gets a kind page with a way in anyway, never an error.

const ODS_CODE = /^[A-Za-z0-9]{3,10}$/;

function page(title: string, body: string): string {
  return `<!doctype html>
<html lang="en-GB">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<title>${escapeHtml(title)} · Lantern</title>
<style>
  body { font: 18px/1.6 system-ui, sans-serif; color: #1b1b1b; background: #fff; max-width: 36rem; margin: 0 auto; padding: 1.5rem; }
  h1 { font-size: 1.5rem; }
  a.button { display: inline-block; background: #0b55a3; color: #fff; padding: 0.6rem 1.1rem; border-radius: 6px; text-decoration: none; font-weight: 600; }
  a.button:focus { outline: 3px solid #ffd21f; outline-offset: 2px; }
</style>
</head>
<body>
<main>
${body}
</main>
</body>
</html>`;
}

function sendPage(res: Response, status: number, html: string) {
  res.setHeader('Content-Type', 'text/html; charset=utf-8');
  res.setHeader('Cache-Control', 'no-store');
  res.setHeader('Referrer-Policy', 'no-referrer');
  res.sendRaw(status, html);
}

function redirect(res: Response, location: string) {
  res.setHeader('Location', location);
  res.setHeader('Cache-Control', 'no-store');
  res.setHeader('Referrer-Policy', 'no-referrer');
  res.send(302);
}

const startAnyway = '<p><a class="button" href="/chat">Start a chat</a></p><p>Or just reply to the text you were sent. There are no forms and nothing to sign up to.</p>';

export function mountReferralLinks(server: Server, deps: { db: Db; clock: Clock; logger: Logger }): void {
  server.get('/r/:code', async (req: Request, res: Response) => {
    try {
      const code = String(req.params.code ?? '');
      const found = await findReferralByCode(deps.db, { code, clock: deps.clock });
      // Opening is counted when the chat starts, not here: phones fetch links for previews.
      if (found.state === 'open') return redirect(res, `/chat?ref=${encodeURIComponent(code)}`);
      const from = found.state === 'expired' ? ` from ${escapeHtml(found.practiceName)}` : '';
      return sendPage(res, found.state === 'expired' ? 410 : 404, page('This link has ended', `<h1>This link${from} has ended</h1>
<p>Links in invitation texts only work for a while, to keep them private. You can still talk to Lantern any time.</p>
${startAnyway}`));
    } catch (error) {
      deps.logger.error({ err: error }, 'referral link failed');
      return sendPage(res, 503, page('Lantern is busy', `<h1>Sorry, something went wrong</h1><p>Please try the link again in a minute.</p>${startAnyway}`));
    }
  });

  server.get('/p/:odsCode', async (req: Request, res: Response) => {
    try {
      const odsCode = String(req.params.odsCode ?? '');
      const practice = ODS_CODE.test(odsCode) ? await deps.db.practice.findUnique({ where: { odsCode: odsCode.toUpperCase() }, select: { odsCode: true } }) : null;
      if (practice) return redirect(res, `/chat?practice=${encodeURIComponent(practice.odsCode)}`);
      return sendPage(res, 404, page('Practice not found', `<h1>We couldn’t find that practice</h1>
<p>The link may have a typing mistake in it. You can still talk to Lantern any time.</p>
${startAnyway}`));
    } catch (error) {
      deps.logger.error({ err: error }, 'practice link failed');
      return sendPage(res, 503, page('Lantern is busy', `<h1>Sorry, something went wrong</h1><p>Please try the link again in a minute.</p>${startAnyway}`));
    }
  });
}
