import { createApiToken } from '../../src/domain/api-tokens/create-api-token';
import { createOrganisation } from '../../src/domain/organisations/create-organisation';
import { createPractice } from '../../src/domain/practices/create-practice';
import { createStaff } from '../../src/domain/staff/create-staff';
import { fixedClock } from '../../src/lib/clock';
import { signIn, withToken, type ApiClient } from '../helpers/api-client';
import { request } from '../helpers/http';
import { startSmsService } from '../helpers/sms-service';
import { testProvider } from '../helpers/test-database';

// Wednesday 2 December 2026, 10:00 in London.
const clock = fixedClock('2026-12-02T10:00:00Z');
const PASSWORD = 'correct horse battery staple 42';
const PER_PRACTICE_PER_DAY = 12;
const LINK = /\/r\/([A-Za-z0-9_-]{22})\b/;

describe(`referrals from practices (${testProvider})`, () => {
  let sms: Awaited<ReturnType<typeof startSmsService>>;
  let practice: ApiClient;
  let coach: ApiClient;
  /** The practice's own texting tool: an API token, unaffected by the clock moving days on. */
  let practiceTool: ApiClient;

  beforeAll(async () => {
    sms = await startSmsService({ clock, env: { REFERRALS_PER_PRACTICE_PER_DAY: String(PER_PRACTICE_PER_DAY) } });
    const demo = sms.service.demo;
    if (!demo) throw new Error('the demo should have been seeded');
    const demoPractice = await sms.db().practice.findUniqueOrThrow({ where: { odsCode: demo.practiceStaff.odsCode } });
    practiceTool = withToken(sms.service.url, (await createApiToken(sms.db(), { organisationId: demoPractice.organisationId, practiceId: demoPractice.id, name: 'Practice texting tool' })).token);
  });
  afterAll(() => sms.stop());
  beforeEach(async () => {
    clock.set('2026-12-02T10:00:00Z');
    sms.twilioApi.reset();
    // Fresh sessions at the test's own time (some tests move the clock on by days).
    const demo = sms.service.demo!;
    practice = await signIn(sms.service.url, demo.practiceStaff.email, demo.practiceStaff.password);
    coach = await signIn(sms.service.url, demo.coach.email, demo.coach.password);
  });

  const refer = (phone: string, extra: Record<string, unknown> = {}, as: ApiClient = practice) =>
    as.post('/api/referrals', { phone, firstName: 'Sam', reason: 'feeling lonely since the move', consentConfirmed: true, ...extra });
  const national = (e164: string) => `0${e164.slice(3, 7)} ${e164.slice(7)}`;
  async function referredAndTexted() {
    const phone = sms.nextPhone();
    const sent = await refer(national(phone));
    expect(sent.status).toBe(201);
    await sms.settle();
    const texts = sms.sentTo(phone);
    const code = LINK.exec(texts[0]?.body ?? '')?.[1] ?? '';
    return { phone, id: sent.body.id as string, texts, code };
  }
  const progressOf = async (id: string) => ((await practice.get('/api/referrals')).body.referrals as Array<{ id: string; progress: string }>).find((r) => r.id === id)?.progress;

  it('texts the person once, from the practice, with a link only they hold and "or just reply"', async () => {
    const { texts, code } = await referredAndTexted();
    expect(texts).toHaveLength(1);
    expect(texts[0]?.body).toMatch(/^Hi Sam, Demo Riverside Surgery thought you'd like Lantern/);
    expect(texts[0]?.body).toContain(`${sms.publicBaseUrl}/r/${code}`);
    expect(texts[0]?.body).toMatch(/or just reply to this text/);
    // Only a hash of the code is kept.
    const stored = await sms.db().referral.findMany();
    expect(JSON.stringify(stored)).not.toContain(code);
  });

  it('follows the link into web chat, joined to the person the text went to, and counts as opened, then replied', async () => {
    const { phone, id, code } = await referredAndTexted();
    const landing = await fetch(`${sms.serverUrl}/r/${code}`, { redirect: 'manual' });
    expect(landing.status).toBe(302);
    expect(landing.headers.get('location')).toBe(`/chat?ref=${code}`);
    expect(await progressOf(id)).toBe('sent');

    const token = await request(`${sms.serverUrl}/v3/directline/tokens/generate`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ ref: code }) });
    expect(token.status).toBe(200);
    expect(await progressOf(id)).toBe('opened');
    const auth = { Authorization: `Bearer ${token.body.token}`, 'Content-Type': 'application/json' };
    await request(`${sms.serverUrl}/v3/directline/conversations`, { method: 'POST', headers: auth });
    const posted = await request(`${sms.serverUrl}/v3/directline/conversations/${token.body.conversationId}/activities`, {
      method: 'POST', headers: auth, body: JSON.stringify({ type: 'message', text: 'hello', from: { id: token.body.conversationId }, channelData: { clientActivityID: 'a1' } }),
    });
    expect(posted.status).toBe(200);
    await sms.settle();
    expect(await progressOf(id)).toBe('replied');
    const people = await sms.db().person.findMany({ where: { phone }, include: { addresses: true } });
    expect(people).toHaveLength(1);
    expect(people[0]?.addresses.map((a) => a.channel).sort()).toEqual(['SMS', 'WEB_CHAT']);
    // The coach sees where they came from, and why, in the practice's words.
    const record = await coach.get(`/api/people/${people[0]?.id}`);
    expect(record.body.referral).toMatchObject({ practice: 'Demo Riverside Surgery', odsCode: 'LNT001', reason: 'feeling lonely since the move' });
  });

  it('counts a reply by text the same way, and "talking with a coach" once a coach takes it up', async () => {
    const { phone, id } = await referredAndTexted();
    await sms.say(phone, 'hi, the surgery said to text');
    await sms.settle();
    expect(await progressOf(id)).toBe('replied');
    const person = await sms.db().person.findFirstOrThrow({ where: { phone } });
    expect(person.practiceId).not.toBeNull();
    await coach.post(`/api/people/${person.id}/claim`);
    expect(await progressOf(id)).toBe('talking-with-a-coach');
  });

  it('shows delivery as Twilio reports it', async () => {
    const { id, texts } = await referredAndTexted();
    await sms.twilioApi.sendStatusCallback(texts[0]?.sid as string, 'delivered');
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(await progressOf(id)).toBe('delivered');
  });

  it('never texts a number that opted out, and says only that it cannot be texted', async () => {
    const phone = sms.nextPhone();
    await sms.welcomed(phone);
    await sms.say(phone, 'STOP');
    await sms.settle();
    sms.twilioApi.reset();
    const refused = await refer(phone);
    expect(refused).toMatchObject({ status: 409, body: { error: { message: 'This number can’t be texted by Lantern.' } } });
    expect(JSON.stringify(refused.body)).not.toMatch(/opt|stop/i);
    await sms.settle();
    expect(sms.sentTo(phone)).toEqual([]);
  });

  it('sends no second text the same day while one is open, and tells the staff member', async () => {
    const { phone } = await referredAndTexted();
    const again = await refer(phone);
    expect(again).toMatchObject({ status: 409, body: { error: { details: { reason: 'already-sent-today' } } } });
    clock.set('2026-12-03T10:00:00Z');
    expect((await refer(phone, {}, practiceTool)).status).toBe(201);
    await sms.settle();
    expect(sms.sentTo(phone)).toHaveLength(2);
  });

  it('holds the limits per number and per practice', async () => {
    const phone = sms.nextPhone();
    for (const day of ['2026-12-10', '2026-12-11', '2026-12-12']) {
      clock.set(`${day}T10:00:00Z`);
      expect((await refer(phone, {}, practiceTool)).status).toBe(201);
    }
    clock.set('2026-12-13T10:00:00Z');
    expect((await refer(phone, {}, practiceTool)).status).toBe(429);
    // A new practice's texting tool, at the limit set for this test: one more in 24 hours is refused.
    const organisation = await sms.db().organisation.findFirstOrThrow();
    const busy = await createPractice(sms.db(), { organisationId: organisation.id, odsCode: 'B00001', name: 'Busy Surgery' });
    const tool = withToken(sms.service.url, (await createApiToken(sms.db(), { organisationId: organisation.id, practiceId: busy.id, name: 'Busy tool' })).token);
    clock.set('2026-12-20T10:00:00Z');
    const statuses = [];
    for (let i = 0; i <= PER_PRACTICE_PER_DAY; i++) statuses.push((await refer(sms.nextPhone(), {}, tool)).status);
    expect(statuses).toEqual([...Array(PER_PRACTICE_PER_DAY).fill(201), 429]);
    clock.set('2026-12-21T10:01:00Z');
    expect((await refer(sms.nextPhone(), {}, tool)).status).toBe(201);
    await sms.settle();
  });

  it('refuses bad input with clear errors, and sends nothing', async () => {
    expect((await refer('12345')).body.error.message).toMatch(/not a mobile number/);
    expect((await refer('01632 960001')).body.error.message).toMatch(/not a mobile number/);
    expect((await refer('07700 900777', { consentConfirmed: false })).body.error.message).toMatch(/consentConfirmed/);
    expect((await refer('07700 900777', { reason: 'x'.repeat(301) })).status).toBe(400);
    expect((await practice.post('/api/referrals', { phone: '07700 900777', consentConfirmed: true, extra: 1 })).status).toBe(400);
    await sms.settle();
    expect(sms.twilioApi.sent).toEqual([]);
  });

  it('gives an ended or unknown link a kind page with a way in, not an error', async () => {
    const { code } = await referredAndTexted();
    clock.set('2027-01-05T10:00:00Z');
    const expired = await fetch(`${sms.serverUrl}/r/${code}`, { redirect: 'manual' });
    expect(expired.status).toBe(410);
    const page = await expired.text();
    expect(page).toContain('This link from Demo Riverside Surgery has ended');
    expect(page).toContain('href="/chat"');
    const unknown = await fetch(`${sms.serverUrl}/r/${'x'.repeat(22)}`);
    expect(unknown.status).toBe(404);
    expect(await unknown.text()).toContain('This link has ended');
    const nonsense = await fetch(`${sms.serverUrl}/r/%3Cscript%3Ealert(1)%3C%2Fscript%3E`);
    expect(await nonsense.text()).not.toContain('<script>alert');
  });

  it("starts a chat attributed to the practice from its own link, and by texting the practice's code", async () => {
    const landing = await fetch(`${sms.serverUrl}/p/lnt001`, { redirect: 'manual' });
    expect(landing.headers.get('location')).toBe('/chat?practice=LNT001');
    const token = await request(`${sms.serverUrl}/v3/directline/tokens/generate`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ practice: 'LNT001' }) });
    const auth = { Authorization: `Bearer ${token.body.token}`, 'Content-Type': 'application/json' };
    await request(`${sms.serverUrl}/v3/directline/conversations/${token.body.conversationId}/activities`, {
      method: 'POST', headers: auth, body: JSON.stringify({ type: 'message', text: 'hello there', from: { id: token.body.conversationId }, channelData: { clientActivityID: 'p1' } }),
    });
    await sms.settle();
    const address = await sms.db().channelAddress.findFirstOrThrow({ where: { channel: 'WEB_CHAT', address: token.body.conversationId }, include: { person: { include: { practice: true } } } });
    expect(address.person.practice?.odsCode).toBe('LNT001');

    const phone = sms.nextPhone();
    await sms.say(phone, 'LNT001');
    await sms.settle();
    expect(sms.sentTo(phone).map((m) => m.body).join(' ')).toMatch(/Demo Riverside Surgery pointed you our way/);
    expect((await sms.db().person.findFirstOrThrow({ where: { phone }, include: { practice: true } })).practice?.odsCode).toBe('LNT001');
    expect((await fetch(`${sms.serverUrl}/p/NOPE99`)).status).toBe(404);
  });

  it('lets practice staff refer and follow progress, but never read a conversation or a queue', async () => {
    const { phone } = await referredAndTexted();
    const person = await sms.db().person.findFirstOrThrow({ where: { phone } });
    for (const path of [`/api/people/${person.id}`, `/api/people/${person.id}/export`, '/api/inbox/queues/waiting', '/api/inbox/queues/everyone', `/api/people?phone=${encodeURIComponent(phone)}`]) {
      const answer = await practice.get(path);
      expect([path, answer.status]).toEqual([path, 403]);
    }
    for (const path of [`/api/people/${person.id}/replies`, `/api/people/${person.id}/notes`, `/api/people/${person.id}/claim`]) {
      expect([path, (await practice.post(path, { text: 'x', body: 'x' })).status]).toEqual([path, 403]);
    }
    const listed = (await practice.get('/api/referrals')).body.referrals;
    expect(JSON.stringify(listed)).not.toContain(phone);
    expect(JSON.stringify(listed)).not.toMatch(/feeling lonely/);
    // Coaches do not send referrals.
    expect((await refer(sms.nextPhone(), {}, coach)).status).toBe(403);
  });

  it("keeps each practice to its own referrals, and a practice's token works like its staff", async () => {
    const db = sms.db();
    const organisation = await db.organisation.findFirstOrThrow();
    const other = await createPractice(db, { organisationId: organisation.id, odsCode: 'Y00123', name: 'Hillside Health Centre' });
    await createStaff(db, { organisationId: organisation.id, practiceId: other.id, email: 'reception@hillside.test', displayName: 'Hillside Reception', role: 'PRACTICE', password: PASSWORD });
    const hillside = await signIn(sms.service.url, 'reception@hillside.test', PASSWORD);
    const { id } = await referredAndTexted();
    expect((await hillside.get('/api/referrals')).body.referrals.map((r: { id: string }) => r.id)).not.toContain(id);
    const { token } = await createApiToken(db, { organisationId: organisation.id, practiceId: other.id, name: 'Hillside texting tool' });
    const tool = withToken(sms.service.url, token);
    const phone = sms.nextPhone();
    expect((await refer(phone, {}, tool)).status).toBe(201);
    await sms.settle();
    expect(sms.sentTo(phone)[0]?.body).toMatch(/Hillside Health Centre thought/);
    // Another organisation's staff see none of it.
    const elsewhere = await createOrganisation(db, { name: 'Southside PCN' });
    const southsidePractice = await createPractice(db, { organisationId: elsewhere.id, odsCode: 'S00999', name: 'Southside Surgery' });
    await createStaff(db, { organisationId: elsewhere.id, practiceId: southsidePractice.id, email: 'desk@southside.test', displayName: 'Desk', role: 'PRACTICE', password: PASSWORD });
    const southside = await signIn(sms.service.url, 'desk@southside.test', PASSWORD);
    expect((await southside.get('/api/referrals')).body.referrals).toEqual([]);
    expect((await southside.get('/api/referrals?odsCode=LNT001')).body.referrals).toEqual([]);
  });

  it('summarises by progress, and exports counts only, with small counts shown as "<10"', async () => {
    const summary = await practice.get('/api/referrals/summary?days=90');
    expect(summary.status).toBe(200);
    expect(summary.body.total).toBeGreaterThan(0);
    expect(Object.keys(summary.body.counts)).toEqual(['not-sent', 'sent', 'not-delivered', 'delivered', 'opened', 'replied', 'talking-with-a-coach']);
    const csv = await fetch(`${sms.service.url}/api/referrals/summary.csv?days=90`, { headers: { Cookie: practice.cookie } });
    expect(csv.headers.get('content-type')).toMatch(/text\/csv/);
    const lines = (await csv.text()).trim().split('\r\n');
    expect(lines[0]).toBe('progress,referrals');
    for (const line of lines.slice(1)) expect(line).toMatch(/^[a-z-]+,(0|<10|\d{2,})$/);
    expect(lines).toContain('replied,<10');
  });
});
