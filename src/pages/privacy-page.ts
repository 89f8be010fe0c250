import type { Server } from 'restify';

// Plain words, no jargon: the page the welcome text links to. An organisation running Lantern
// adds its own data protection contact in front of it (a proxy page or a fork of this text).
const PRIVACY_HTML = `<!doctype html>
<html lang="en-GB">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Lantern: how we use your information</title>
<style>
  body { font: 18px/1.6 system-ui, sans-serif; color: #1b1b1b; background: #fff; max-width: 40rem; margin: 0 auto; padding: 1.5rem; }
  h1 { font-size: 1.6rem; } h2 { font-size: 1.2rem; margin-top: 1.8rem; }
  a { color: #0b4f8a; }
</style>
</head>
<body>
<main>
<h1>How Lantern uses your information</h1>
<p>Lantern is here to listen and, if you want, to put you in touch with a coach. You decide what to share.</p>
<h2>What we keep</h2>
<ul>
  <li>The messages you send and the replies you get.</li>
  <li>The things you tell us matter to you, and how you said you were doing.</li>
  <li>Notes a coach writes to help them support you.</li>
  <li>Your phone number, if you text us, so we can reply.</li>
</ul>
<h2>Who sees it</h2>
<p>You, and the coaches who support you. We never sell it or use it for advertising.
If you say something that makes us worried about your safety, a coach will see that straight away.</p>
<h2>Helping change what is on offer</h2>
<p>We count what people ask for, area by area, so the people who fund local services can see what is missing.
Those counts never include names, numbers or anything that could point to you, and small numbers are left out.</p>
<h2>You are in charge</h2>
<ul>
  <li>Text <strong>send me my data</strong> to get a copy of what we hold.</li>
  <li>Text <strong>delete my data</strong> to have it all deleted.</li>
  <li>Text <strong>STOP</strong> and we will not text you again. Text <strong>START</strong> to come back.</li>
</ul>
<p>Lantern is not an emergency service. If you are in danger, call 999. Samaritans are there any time on 116 123.</p>
</main>
</body>
</html>`;

/** GET /privacy: what Lantern keeps, who sees it, and how a person stays in charge of it. */
export function mountPrivacyPage(server: Server): void {
  server.get('/privacy', (_req, res, next) => {
    res.setHeader('Content-Type', 'text/html; charset=utf-8');
    res.setHeader('Cache-Control', 'public, max-age=3600');
    res.sendRaw(200, PRIVACY_HTML);
    next();
  });
}
