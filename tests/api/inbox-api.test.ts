import { createApiToken } from '../../src/domain/api-tokens/create-api-token';
import { createOrganisation } from '../../src/domain/organisations/create-organisation';
import { createStaff } from '../../src/domain/staff/create-staff';
import { OPERATIONS } from '../../src/api/openapi';
import { base32Decode, newTotpSecret, totp } from '../../src/api/auth/totp';
import { signIn, withToken, type ApiClient } from '../helpers/api-client';
import { startSmsService } from '../helpers/sms-service';
import { testProvider } from '../helpers/test-database';

const PASSWORD = 'correct horse battery staple 42';

describe(`the inbox JSON API (${testProvider})`, () => {
  let sms: Awaited<ReturnType<typeof startSmsService>>;
  let coach: ApiClient;
  let outsider: ApiClient;
  let outsiderAdmin: ApiClient;
  let admin: ApiClient;
  let organisationId: string;

  /** An admin with two-step sign-in already on, signed in with a fresh code. */
  async function signedInAdmin(db: ReturnType<typeof sms.db>, organisation: string, email: string) {
    const { staff } = await createStaff(db, { organisationId: organisation, email, displayName: `Admin ${email.split('@')[0]}`, role: 'ADMIN', password: PASSWORD });
    const secret = newTotpSecret();
    await db.staff.update({ where: { id: staff.id }, data: { totpSecret: secret, totpEnabledAt: new Date() } });
    return signIn(sms.service.url, email, PASSWORD, totp(base32Decode(secret), Date.now()));
  }

  beforeAll(async () => {
    sms = await startSmsService();
    const db = sms.db();
    organisationId = (await db.organisation.findFirstOrThrow()).id;
    const demo = sms.service.demo;
    if (!demo) throw new Error('the demo coach should have been seeded');
    coach = await signIn(sms.service.url, demo.coach.email, demo.coach.password);
    const elsewhere = await createOrganisation(db, { name: 'Southside PCN' });
    await createStaff(db, { organisationId: elsewhere.id, email: 'kim@southside.test', displayName: 'Kim', role: 'COACH', password: PASSWORD });
    outsider = await signIn(sms.service.url, 'kim@southside.test', PASSWORD);
    outsiderAdmin = await signedInAdmin(db, elsewhere.id, 'lee@southside.test');
    admin = await signedInAdmin(db, organisationId, 'ros@northside.test');
  });
  afterAll(() => sms.stop());

  async function personWaiting(name: string) {
    const phone = sms.nextPhone();
    for (const text of ['hello', `call me ${name}`, 'can I speak to a real person']) {
      await sms.say(phone, text);
      await sms.settle();
    }
    sms.twilioApi.reset();
    return sms.db().person.findFirstOrThrow({ where: { phone } });
  }

  it('lets a coach work a conversation from the queue to the hand-back', async () => {
    const person = await personWaiting('Jo');
    const waiting = await coach.get('/api/inbox/queues/waiting');
    expect(waiting.status).toBe(200);
    expect(waiting.body.people.map((p: { personId: string }) => p.personId)).toContain(person.id);

    expect((await coach.post(`/api/people/${person.id}/claim`)).status).toBe(200);
    const mine = await coach.get('/api/inbox/queues/mine');
    expect(mine.body.people.map((p: { personId: string }) => p.personId)).toContain(person.id);

    const replied = await coach.post(`/api/people/${person.id}/replies`, { text: "Hi Jo, I'm Sam. How are you doing?" });
    expect(replied.status).toBe(201);
    await sms.settle();
    expect(sms.sentTo(person.phone as string).map((m) => m.body)).toEqual(["Hi Jo, I'm Sam. How are you doing?"]);

    expect((await coach.post(`/api/people/${person.id}/notes`, { body: 'Likes the allotment' })).status).toBe(201);
    expect((await coach.post(`/api/people/${person.id}/pause`, { until: '2027-01-04' })).body.pausedUntil).toBe('2027-01-04T09:00:00.000Z');
    expect((await coach.post(`/api/people/${person.id}/hand-back`)).status).toBe(200);
    await sms.settle();
    expect(sms.sentTo(person.phone as string).map((m) => m.body).slice(1)).toEqual([
      expect.stringContaining('until Monday 4 January 2027'),
      expect.stringMatching(/ask for a coach again/),
    ]);

    const record = await coach.get(`/api/people/${person.id}`);
    expect(record.body).toMatchObject({
      person: { name: 'Jo', paused: { until: '2027-01-04T09:00:00.000Z' } },
      conversation: { handoffState: 'BOT' },
      notes: [expect.objectContaining({ body: 'Likes the allotment' })],
    });
    const byPhone = await coach.get(`/api/people?phone=${encodeURIComponent(`0${(person.phone as string).slice(3)}`)}`);
    expect(byPhone.body.person.id).toBe(person.id);
  });

  it('refuses state changes without the CSRF token, and anything without signing in', async () => {
    const person = await personWaiting('Lee');
    expect((await coach.post(`/api/people/${person.id}/notes`, { body: 'no token' }, { csrf: false })).status).toBe(403);
    const anonymous = await fetch(`${sms.service.url}/api/inbox/queues/waiting`);
    expect(anonymous.status).toBe(401);
    expect(await sms.db().coachNote.count({ where: { personId: person.id } })).toBe(0);
  });

  it('gives clear errors for bad input', async () => {
    const person = await personWaiting('Max');
    const empty = await coach.post(`/api/people/${person.id}/replies`, { text: '   ' });
    expect(empty).toMatchObject({ status: 400, body: { error: { code: 'bad-request', message: expect.stringMatching(/text/) } } });
    const tooLong = await coach.post(`/api/people/${person.id}/replies`, { text: 'x'.repeat(1601) });
    expect(tooLong.status).toBe(400);
    expect((await coach.post(`/api/people/${person.id}/pause`, { until: '2026-02-31' })).status).toBe(400);
    expect((await coach.get('/api/inbox/queues/someone')).status).toBe(400);
    expect((await coach.get('/api/people/not-an-id')).status).toBe(400);
  });

  it("never lets staff of another organisation read or change this organisation's people, on any documented route", async () => {
    const person = await personWaiting('Sky');
    const flag = await sms.db().urgentFlag.create({ data: { personId: person.id, reason: 'test' } });
    const item = await sms.db().whatMattersItem.create({ data: { personId: person.id, category: 'LEISURE', text: 'walking' } });
    const asset = await sms.db().communityAsset.create({ data: { organisationId, name: 'Walking group', area: 'M9', areaKey: 'M9' } });
    const connection = await sms.db().connection.create({ data: { personId: person.id, assetId: asset.id } });
    const national = `0${(person.phone as string).slice(3)}`;
    // One attempt per documented route that names a person; the list is checked against OPERATIONS below.
    const attempts: Record<string, (as: ApiClient) => Promise<{ status: number; body: any }>> = {
      'get /api/people': (as) => as.get(`/api/people?phone=${national}`),
      'get /api/people/{personId}': (as) => as.get(`/api/people/${person.id}`),
      'get /api/people/{personId}/export': (as) => as.get(`/api/people/${person.id}/export`),
      'get /api/people/{personId}/audit': (as) => as.get(`/api/people/${person.id}/audit`),
      'post /api/people/{personId}/claim': (as) => as.post(`/api/people/${person.id}/claim`),
      'post /api/people/{personId}/replies': (as) => as.post(`/api/people/${person.id}/replies`, { text: 'hello' }),
      'post /api/people/{personId}/notes': (as) => as.post(`/api/people/${person.id}/notes`, { body: 'x' }),
      'post /api/people/{personId}/pause': (as) => as.post(`/api/people/${person.id}/pause`, { until: null }),
      'post /api/people/{personId}/resume': (as) => as.post(`/api/people/${person.id}/resume`),
      'post /api/people/{personId}/hand-back': (as) => as.post(`/api/people/${person.id}/hand-back`),
      'post /api/people/{personId}/rhythm': (as) => as.post(`/api/people/${person.id}/rhythm`, { rhythm: 'WEEKLY', day: 1, quietDays: [0] }),
      'get /api/people/{personId}/suggestions': (as) => as.get(`/api/people/${person.id}/suggestions?whatMattersId=${item.id}`),
      'post /api/people/{personId}/connections': (as) => as.post(`/api/people/${person.id}/connections`, { assetId: asset.id }),
      'post /api/people/{personId}/connections/{connectionId}': (as) => as.post(`/api/people/${person.id}/connections/${connection.id}`, { status: 'TRIED' }),
      'post /api/people/{personId}/area': (as) => as.post(`/api/people/${person.id}/area`, { area: 'M9' }),
      'post /api/people/{personId}/didnt-work': (as) => as.post(`/api/people/${person.id}/didnt-work`, { serviceName: 'Job centre', barrier: 'REFUSED' }),
      'post /api/people/{personId}/flags/{flagId}/resolve': (as) => as.post(`/api/people/${person.id}/flags/${flag.id}/resolve`, { note: 'x' }),
    };
    const aboutPeople = OPERATIONS.filter((op) => op.path.startsWith('/api/people')).map((op) => `${op.method} ${op.path}`).sort();
    expect(Object.keys(attempts).sort()).toEqual(aboutPeople);
    const auditedBefore = await sms.db().auditEvent.count({ where: { personId: person.id } });
    for (const [route, attempt] of Object.entries(attempts)) {
      for (const [who, client] of [['coach', outsider], ['admin', outsiderAdmin]] as const) {
        const response = await attempt(client);
        // Admin-only routes refuse a coach outright; everything else is "not found", so ids cannot be probed.
        const expected = route.endsWith('/audit') && who === 'coach' ? 403 : 404;
        expect([route, who, response.status]).toEqual([route, who, expected]);
      }
    }
    for (const queue of ['waiting', 'mine', 'paused', 'everyone']) {
      const response = await outsider.get(`/api/inbox/queues/${queue}?search=Sky`);
      expect(response.body.people.map((p: { personId: string }) => p.personId)).not.toContain(person.id);
    }
    await sms.settle();
    expect(sms.sentTo(person.phone as string)).toEqual([]);
    expect(await sms.db().coachNote.count({ where: { personId: person.id } })).toBe(0);
    expect(await sms.db().auditEvent.count({ where: { personId: person.id } })).toBe(auditedBefore);
    const conversation = await sms.db().conversation.findUniqueOrThrow({ where: { personId: person.id } });
    expect(conversation).toMatchObject({ handoffState: 'WAITING', urgentSince: null });
    expect((await sms.db().urgentFlag.findUniqueOrThrow({ where: { id: flag.id } })).resolvedAt).toBeNull();
    expect(await sms.db().connection.findMany({ where: { personId: person.id } })).toEqual([expect.objectContaining({ status: 'SUGGESTED' })]);
    expect((await sms.db().person.findUniqueOrThrow({ where: { id: person.id } })).area).toBeNull();
    expect(await sms.db().whatDidntWork.count({ where: { personId: person.id } })).toBe(0);
  });

  it('shows why someone asked for a coach and how long they waited for a first reply', async () => {
    const person = await personWaiting('Kai');
    const before = await coach.get(`/api/people/${person.id}`);
    expect(before.body.handoffs).toEqual([expect.objectContaining({ reason: expect.any(String), summary: expect.any(String), firstReplyMinutes: null, endedAt: null })]);
    await coach.post(`/api/people/${person.id}/replies`, { text: 'Hi Kai, Sam here.' });
    const after = await coach.get(`/api/people/${person.id}`);
    expect(after.body.handoffs[0]).toMatchObject({ firstReplyMinutes: expect.any(Number), claimedBy: { name: expect.any(String) } });
    const waits = await coach.get('/api/inbox/first-reply-waits');
    expect(waits).toMatchObject({ status: 200, body: { days: 7, answered: expect.any(Number), medianMinutes: expect.any(Number) } });
    expect(waits.body.answered).toBeGreaterThanOrEqual(1);
    expect((await coach.get('/api/inbox/first-reply-waits?days=0')).status).toBe(400);
    // Another organisation's figures do not include this one's.
    expect((await outsider.get('/api/inbox/first-reply-waits')).body).toMatchObject({ answered: 0, unanswered: 0 });
  });

  it('sets check-ins and quiet days on their behalf; the person is told and the record shows it', async () => {
    const person = await personWaiting('Nat');
    const set = await coach.post(`/api/people/${person.id}/rhythm`, { rhythm: 'WEEKLY', day: 2, quietDays: [0, 6] });
    expect(set).toMatchObject({ status: 200, body: { nextCheckIn: expect.any(String) } });
    expect(new Date(set.body.nextCheckIn).getUTCDay()).toBe(2);
    await sms.settle();
    expect(sms.sentTo(person.phone as string).map((m) => m.body)).toEqual([expect.stringMatching(/once a week on Tuesdays, never on Saturdays and Sundays/)]);
    const record = await coach.get(`/api/people/${person.id}`);
    expect(record.body.person).toMatchObject({ checkInRhythm: { rhythm: 'WEEKLY', day: 2, next: set.body.nextCheckIn }, quietDays: [0, 6] });
    expect((await coach.post(`/api/people/${person.id}/rhythm`, { rhythm: 'DAILY' })).status).toBe(400);
    expect((await coach.post(`/api/people/${person.id}/rhythm`, { rhythm: 'WEEKLY', day: 7 })).body.error.message).toMatch(/day/);
    const off = await coach.post(`/api/people/${person.id}/rhythm`, { rhythm: 'ONLY_WHEN_I_WRITE', day: 3 });
    expect(off.body.nextCheckIn).toBeNull();
    expect(await sms.db().scheduledJob.count({ where: { personId: person.id, kind: 'check-in', status: 'PENDING' } })).toBe(0);
  });

  it("exports a person's whole record as a download, and records that it was exported", async () => {
    const person = await personWaiting('Lou');
    const exported = await coach.get(`/api/people/${person.id}/export`);
    expect(exported.status).toBe(200);
    expect(exported.body).toMatchObject({ exportedAt: expect.any(String), person: { id: person.id, name: 'Lou' } });
    expect(exported.body.messages.map((m: { body: string }) => m.body)).toEqual(expect.arrayContaining(['hello', 'call me Lou', 'can I speak to a real person']));
    const events = await sms.db().auditEvent.findMany({ where: { personId: person.id, action: 'person.exported' } });
    expect(events).toHaveLength(1);
  });

  it("shows an admin the person's audit trail with who did what", async () => {
    const person = await personWaiting('Mo');
    await coach.get(`/api/people/${person.id}`);
    await coach.post(`/api/people/${person.id}/notes`, { body: 'Rang, all well' });
    const trail = await admin.get(`/api/people/${person.id}/audit`);
    expect(trail.status).toBe(200);
    const staffActions = trail.body.events.filter((e: { actorType: string }) => e.actorType === 'staff');
    expect(staffActions.map((e: { action: string; actorName: string }) => [e.action, e.actorName])).toEqual([
      ['person.viewed', 'Demo Coach'],
      ['note.added', 'Demo Coach'],
    ]);
    expect(JSON.stringify(trail.body)).not.toMatch(/Rang, all well/);
  });

  it('lets an API token act for its organisation only, without a CSRF token', async () => {
    const person = await personWaiting('Ash');
    const { token } = await createApiToken(sms.db(), { organisationId, name: 'Practice system' });
    const script = withToken(sms.service.url, token);
    expect((await script.get(`/api/people/${person.id}`)).status).toBe(200);
    expect((await script.post(`/api/people/${person.id}/notes`, { body: 'From the practice system' })).status).toBe(201);
    const events = await sms.db().auditEvent.findMany({ where: { personId: person.id, actorType: 'api-token' } });
    expect(events.map((e) => e.action).sort()).toEqual(['note.added', 'person.viewed']);
  });

  it('lets only admins read the audit trail', async () => {
    const person = await personWaiting('Bo');
    await coach.get(`/api/people/${person.id}`);
    expect((await coach.get(`/api/people/${person.id}/audit`)).status).toBe(403);
  });

  it('tells an open inbox about changes as they happen (server-sent events)', async () => {
    const controller = new AbortController();
    const response = await fetch(`${sms.service.url}/api/inbox/events`, { headers: { Cookie: coach.cookie }, signal: controller.signal });
    expect(response.headers.get('content-type')).toMatch(/text\/event-stream/);
    const reader = response.body!.getReader();
    const phone = sms.nextPhone();
    await sms.say(phone, 'hello');
    let received = '';
    const deadline = Date.now() + 5000;
    while (!received.includes('event: changed') && Date.now() < deadline) {
      const { value } = await reader.read();
      received += new TextDecoder().decode(value);
    }
    controller.abort();
    const person = await sms.db().person.findFirstOrThrow({ where: { phone } });
    expect(received).toContain(`"personId":"${person.id}"`);
    await sms.settle();
  });

  it('documents every inbox route in /api/openapi.json', async () => {
    const response = await fetch(`${sms.service.url}/api/openapi.json`);
    const document = (await response.json()) as { openapi: string; paths: Record<string, Record<string, { requestBody?: unknown }>> };
    expect(document.openapi).toBe('3.1.0');
    const registered = (sms.service.server.getDebugInfo().routes as Array<{ method: string; path: string }>)
      .filter((r) => /^\/api\/(inbox|people|referrals|assets|reports)/.test(r.path))
      .map((r) => `${r.method.toLowerCase()} ${r.path.replace(/:(\w+)/g, '{$1}')}`)
      .sort();
    const documented = OPERATIONS.map((op) => `${op.method} ${op.path}`).sort();
    expect(documented).toEqual(registered);
    expect(document.paths['/api/people/{personId}/replies']?.post?.requestBody).toMatchObject({
      content: { 'application/json': { schema: { properties: { text: { maxLength: 1600 } } } } },
    });
  });
});
