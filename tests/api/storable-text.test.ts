import { signIn, type ApiClient } from '../helpers/api-client';
import { request } from '../helpers/http';
import { startSmsService } from '../helpers/sms-service';
import { testProvider } from '../helpers/test-database';

// Regressions found by the fuzz suite (tests/fuzz/json-api.fuzz.ts): NUL in text was stored on
// SQLite but a 500 on PostgreSQL, whose text columns cannot hold it; in a search or lookup it
// failed the query. Now it is dropped where text comes in, the same on both databases.
describe(`NUL characters in the JSON API (${testProvider})`, () => {
  let sms: Awaited<ReturnType<typeof startSmsService>>;
  let coach: ApiClient;
  let practice: ApiClient;
  let personId: string;

  beforeAll(async () => {
    sms = await startSmsService();
    const demo = sms.service.demo!;
    coach = await signIn(sms.service.url, demo.coach.email, demo.coach.password);
    practice = await signIn(sms.service.url, demo.practiceStaff.email, demo.practiceStaff.password);
    const phone = sms.nextPhone();
    await sms.welcomed(phone);
    personId = (await sms.db().person.findFirstOrThrow({ where: { phone } })).id;
  });
  afterAll(() => sms.stop());

  it('keeps the words of a note and a reply without the NUL', async () => {
    const note = await coach.post(`/api/people/${personId}/notes`, { body: 'likes\u0000 the allotment' });
    expect(note.status).toBe(201);
    expect((await sms.db().coachNote.findUniqueOrThrow({ where: { id: note.body.id } })).body).toBe('likes the allotment');
    const reply = await coach.post(`/api/people/${personId}/replies`, { text: 'hi\u0000 there' });
    expect(reply.status).toBe(201);
    await sms.settle();
    expect(sms.sentTo((await sms.db().person.findUniqueOrThrow({ where: { id: personId } })).phone!).map((m) => m.body)).toContain('hi there');
  });

  it('refuses a note of nothing but NUL as empty', async () => {
    const note = await coach.post(`/api/people/${personId}/notes`, { body: '\u0000\u0000' });
    expect(note.status).toBe(400);
    expect(note.body.error.message).toMatch(/body: is empty/);
  });

  it('searches and looks up with NUL in the words without failing', async () => {
    for (const path of ['/api/assets?search=a%00b', '/api/assets?area=M%009', '/api/inbox/queues/everyone?search=J%00o']) {
      expect((await coach.get(path)).status).toBe(200);
    }
    expect((await practice.get('/api/referrals?odsCode=LNT%00001')).status).toBe(200);
    const asset = await coach.post('/api/assets', { name: 'Allotment\u0000 club', categories: ['PASSIONS_AND_INTERESTS\u0000'], area: 'M9' });
    expect(asset.status).toBe(201);
    expect((await sms.db().communityAsset.findUniqueOrThrow({ where: { id: asset.body.id } })).name).toBe('Allotment club');
  });

  it('answers a sign-in with NUL in the email as a wrong sign-in, not a server error', async () => {
    const response = await request(`${sms.service.url}/api/auth/sign-in`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ email: 'coach@demo.lantern.test\u0000', password: 'not the password' }),
    });
    expect(response.status).toBe(401);
  });
});
