import { createOrganisation } from '../../src/domain/organisations/create-organisation';
import { createStaff } from '../../src/domain/staff/create-staff';
import { createPerson } from '../../src/domain/people/create-person';
import { addNote, claim, handBack, pauseFor, recordViewed, reply, resolveFlag, resumeFor, type Acting } from '../../src/domain/inbox/coach-actions';
import { personRecord } from '../../src/domain/inbox/person-record';
import { listQueue } from '../../src/domain/inbox/queues';
import { messages } from '../../dialogs/messages';
import { fixedClock } from '../../src/lib/clock';
import { startSmsService } from '../helpers/sms-service';
import { testProvider } from '../helpers/test-database';

const clock = fixedClock('2026-11-24T10:30:00Z');

describe(`the coach inbox, behind its API (${testProvider})`, () => {
  let sms: Awaited<ReturnType<typeof startSmsService>>;
  let sam: Acting;
  let alex: Acting;
  let outsider: Acting;

  beforeAll(async () => {
    sms = await startSmsService({ clock });
    const db = sms.db();
    const organisation = await db.organisation.findFirstOrThrow();
    const coach = await db.staff.findFirstOrThrow({ where: { organisationId: organisation.id, role: 'COACH' } });
    const colleague = await createStaff(db, { organisationId: organisation.id, email: 'alex@northside.test', displayName: 'Alex', role: 'COACH', password: 'a long enough passphrase' });
    const elsewhere = await createOrganisation(db, { name: 'Southside PCN' });
    const stranger = await createStaff(db, { organisationId: elsewhere.id, email: 'kim@southside.test', displayName: 'Kim', role: 'COACH', password: 'a long enough passphrase' });
    sam = { organisationId: organisation.id, staffId: coach.id, actor: { type: 'staff', staffId: coach.id } };
    alex = { organisationId: organisation.id, staffId: colleague.staff.id, actor: { type: 'staff', staffId: colleague.staff.id } };
    outsider = { organisationId: elsewhere.id, staffId: stranger.staff.id, actor: { type: 'staff', staffId: stranger.staff.id } };
  });
  afterAll(() => sms.stop());
  beforeEach(() => sms.twilioApi.reset());

  const db = () => sms.db();
  const deps = () => sms.service.inbox;
  /** Someone who texts in, gives their name and asks for a coach. */
  async function waitingPerson(name: string, ask = 'can I talk to a real person') {
    const phone = sms.nextPhone();
    await sms.say(phone, 'hello');
    await sms.settle();
    await sms.say(phone, `call me ${name}`);
    await sms.settle();
    await sms.say(phone, ask);
    await sms.settle();
    clock.advance(60_000);
    sms.twilioApi.reset();
    return db().person.findFirstOrThrow({ where: { phone } });
  }

  it('queues people who asked for a coach, urgent first, then longest wait', async () => {
    const first = await waitingPerson('Jo');
    const second = await waitingPerson('Lee');
    const urgent = await waitingPerson('Sky', 'I just want to end it all');
    const waiting = await listQueue(db(), { organisationId: sam.organisationId, queue: 'waiting', staffId: sam.staffId });
    const order = waiting.map((row) => row.personId).filter((id) => [first.id, second.id, urgent.id].includes(id));
    expect(order).toEqual([urgent.id, first.id, second.id]);
    expect(waiting.find((row) => row.personId === urgent.id)?.flags.urgent).toBe(true);
    expect(waiting.find((row) => row.personId === first.id)).toMatchObject({ name: 'Jo', channel: 'SMS', lastMessage: { fromPerson: false, preview: expect.stringMatching(/asked a coach/) } });
    // Another organisation sees none of them.
    expect(await listQueue(db(), { organisationId: outsider.organisationId, queue: 'waiting', staffId: outsider.staffId })).toEqual([]);
  });

  it('claim, then the person writes to the coach and the bot stays quiet', async () => {
    const person = await waitingPerson('Rae');
    await claim(deps(), sam, { personId: person.id });
    const mine = await listQueue(db(), { organisationId: sam.organisationId, queue: 'mine', staffId: sam.staffId });
    expect(mine.map((row) => row.personId)).toContain(person.id);
    await sms.say(person.phone as string, 'thanks, is anyone there?');
    await sms.settle();
    expect(sms.sentTo(person.phone as string)).toEqual([]);
    expect((await db().conversation.findUniqueOrThrow({ where: { personId: person.id } })).awaitingReplySince).not.toBeNull();
  });

  it("delivers the coach's reply on the person's channel and records the first reply time", async () => {
    const person = await waitingPerson('Max');
    await claim(deps(), sam, { personId: person.id });
    clock.advance(5 * 60_000);
    await reply(deps(), sam, { personId: person.id, text: "Hi Max, it's Sam. How can I help?" });
    await sms.settle();
    expect(sms.sentTo(person.phone as string).map((m) => m.body)).toEqual(["Hi Max, it's Sam. How can I help?"]);
    const handoff = await db().handoff.findFirstOrThrow({ where: { personId: person.id } });
    expect(handoff.firstReplyAt!.getTime() - handoff.requestedAt.getTime()).toBeGreaterThanOrEqual(5 * 60_000);
    const record = await personRecord(db(), { organisationId: sam.organisationId, personId: person.id });
    expect(record.messages.at(-1)).toMatchObject({ author: 'COACH', coachName: expect.any(String), direction: 'OUTBOUND' });
    expect(record.conversation.awaitingReplySince).toBeNull();
  });

  it('assigns to a colleague, who then finds them in Mine', async () => {
    const person = await waitingPerson('Ash');
    await claim(deps(), sam, { personId: person.id, assignTo: alex.staffId as string });
    expect((await listQueue(db(), { organisationId: alex.organisationId, queue: 'mine', staffId: alex.staffId })).map((r) => r.personId)).toContain(person.id);
    await expect(claim(deps(), sam, { personId: person.id, assignTo: outsider.staffId as string })).rejects.toMatchObject({ kind: 'bad-request' });
  });

  it('keeps private notes private', async () => {
    const person = await waitingPerson('Bo');
    await addNote(deps(), sam, { personId: person.id, body: 'Mentioned the allotment society' });
    await sms.settle();
    expect(sms.sentTo(person.phone as string)).toEqual([]);
    const record = await personRecord(db(), { organisationId: sam.organisationId, personId: person.id });
    expect(record.notes).toEqual([expect.objectContaining({ body: 'Mentioned the allotment society', author: expect.objectContaining({ id: sam.staffId }) })]);
  });

  it('pauses on their behalf with a date, tells them, and lists them as paused', async () => {
    const person = await waitingPerson('Cy');
    await pauseFor(deps(), sam, { personId: person.id, until: { year: 2026, month: 12, day: 7 } });
    await sms.settle();
    expect(sms.sentTo(person.phone as string).map((m) => m.body)).toEqual([expect.stringContaining('until Monday 7 December')]);
    const paused = await listQueue(db(), { organisationId: sam.organisationId, queue: 'paused', staffId: sam.staffId });
    expect(paused.find((row) => row.personId === person.id)?.pausedUntil?.toISOString()).toBe('2026-12-07T09:00:00.000Z');
    expect(await resumeFor(deps(), sam, { personId: person.id })).toEqual({ wasPaused: true });
  });

  it('hands back to the bot, telling the person, and the bot answers again', async () => {
    const person = await waitingPerson('Dee');
    await claim(deps(), sam, { personId: person.id });
    await handBack(deps(), sam, { personId: person.id });
    await sms.settle();
    expect(sms.sentTo(person.phone as string).map((m) => m.body)).toEqual([expect.stringMatching(/ask for a coach again any time/)]);
    sms.twilioApi.reset();
    await sms.say(person.phone as string, 'feeling better today');
    await sms.settle();
    expect(sms.sentTo(person.phone as string).length).toBeGreaterThan(0);
    expect((await db().handoff.findFirstOrThrow({ where: { personId: person.id } })).endedAt).not.toBeNull();
  });

  it("drops whatever the bot was asking once a coach takes over, so a later 'yes' is never read as its answer", async () => {
    const person = await waitingPerson('Ivy');
    await handBack(deps(), sam, { personId: person.id });
    await sms.say(person.phone as string, 'delete my data');
    await sms.settle();
    expect(sms.sentTo(person.phone as string).map((m) => m.body)).toContain(messages.deleteConfirm());
    // A coach reaches out before Ivy answers; they talk; the coach hands back.
    await claim(deps(), sam, { personId: person.id });
    await reply(deps(), sam, { personId: person.id, text: 'Hi Ivy, shall we have a chat on Thursday?' });
    await sms.say(person.phone as string, 'yes');
    await sms.settle();
    await handBack(deps(), sam, { personId: person.id });
    await sms.say(person.phone as string, 'yes');
    await sms.settle();
    expect(await db().person.findUnique({ where: { id: person.id } })).not.toBeNull();
    expect(await db().message.count({ where: { personId: person.id, body: 'Hi Ivy, shall we have a chat on Thursday?' } })).toBe(1);
  });

  it('tells the bot through handoff.status: accepted on claim, completed on hand-back', async () => {
    const person = await waitingPerson('Jay');
    const reported: Array<[string, string]> = [];
    const watching = { ...deps(), reportHandoffStatus: async (personId: string, state: 'accepted' | 'completed') => {
      reported.push([personId, state]);
      return deps().reportHandoffStatus(personId, state);
    } };
    await claim(watching, sam, { personId: person.id });
    await claim(watching, sam, { personId: person.id, assignTo: alex.staffId as string });
    await handBack(watching, sam, { personId: person.id });
    await handBack(watching, sam, { personId: person.id });
    // A reassignment is not a new acceptance, and handing back twice tells the person once.
    expect(reported).toEqual([[person.id, 'accepted'], [person.id, 'completed']]);
  });

  it('resolves an urgent flag with a note, and the person is no longer urgent', async () => {
    const person = await waitingPerson('Eve', 'I want to kill myself');
    const flag = await db().urgentFlag.findFirstOrThrow({ where: { personId: person.id, resolvedAt: null } });
    await resolveFlag(deps(), sam, { personId: person.id, flagId: flag.id, note: 'Rang her; safe, with her sister tonight' });
    expect((await db().conversation.findUniqueOrThrow({ where: { personId: person.id } })).urgentSince).toBeNull();
    await expect(resolveFlag(deps(), sam, { personId: person.id, flagId: flag.id, note: 'again' })).rejects.toMatchObject({ kind: 'not-found' });
  });

  it('finds people by part of a name, any case, or by phone number in national format', async () => {
    const person = await waitingPerson('Morgan');
    const byName = await listQueue(db(), { organisationId: sam.organisationId, queue: 'everyone', staffId: sam.staffId, search: 'morg' });
    expect(byName.map((r) => r.personId)).toContain(person.id);
    const national = `0${(person.phone as string).slice(3)}`;
    const byPhone = await listQueue(db(), { organisationId: sam.organisationId, queue: 'everyone', staffId: sam.staffId, search: national });
    expect(byPhone.map((r) => r.personId)).toEqual([person.id]);
  });

  it('lists everyone newest message first, and those who have not written yet after them', async () => {
    const quiet = await createPerson(db(), { organisationId: sam.organisationId, preferredName: 'Quinn' });
    const writer = await waitingPerson('Wren');
    const everyone = await listQueue(db(), { organisationId: sam.organisationId, queue: 'everyone', staffId: sam.staffId });
    expect(everyone[0]?.personId).toBe(writer.id);
    const times = everyone.map((r) => r.lastMessage?.at.getTime() ?? null);
    const firstWithout = times.indexOf(null);
    expect(firstWithout).toBeGreaterThan(0);
    expect(times.slice(firstWithout).every((t) => t === null)).toBe(true);
    const written = times.slice(0, firstWithout) as number[];
    expect(written).toEqual([...written].sort((a, b) => b - a));
    expect(everyone.find((r) => r.personId === quiet.id)).toMatchObject({ name: 'Quinn', lastMessage: null });
    const firstTwo = await listQueue(db(), { organisationId: sam.organisationId, queue: 'everyone', staffId: sam.staffId, limit: 2 });
    expect(firstTwo.map((r) => r.personId)).toEqual(everyone.slice(0, 2).map((r) => r.personId));
    const all = await listQueue(db(), { organisationId: sam.organisationId, queue: 'everyone', staffId: sam.staffId, limit: everyone.length + 5 });
    expect(all.map((r) => r.personId)).toEqual(everyone.map((r) => r.personId));
  });

  it('never lets a coach of another organisation read or change anyone', async () => {
    const person = await waitingPerson('Fin');
    const flag = await db().urgentFlag.create({ data: { personId: person.id, reason: 'test' } });
    const attempts = [
      () => personRecord(db(), { organisationId: outsider.organisationId, personId: person.id }),
      () => claim(deps(), outsider, { personId: person.id }),
      () => reply(deps(), outsider, { personId: person.id, text: 'hello' }),
      () => addNote(deps(), outsider, { personId: person.id, body: 'x' }),
      () => pauseFor(deps(), outsider, { personId: person.id, until: null }),
      () => resumeFor(deps(), outsider, { personId: person.id }),
      () => handBack(deps(), outsider, { personId: person.id }),
      () => resolveFlag(deps(), outsider, { personId: person.id, flagId: flag.id, note: 'x' }),
    ];
    for (const attempt of attempts) await expect(attempt()).rejects.toMatchObject({ kind: 'not-found' });
    await sms.settle();
    expect(sms.sentTo(person.phone as string)).toEqual([]);
    expect(await db().coachNote.count({ where: { personId: person.id } })).toBe(0);
  });

  it('writes an audit event for each thing a coach does, with ids and never content', async () => {
    const person = await waitingPerson('Gus');
    await recordViewed(deps(), sam, person.id);
    await claim(deps(), sam, { personId: person.id });
    await reply(deps(), sam, { personId: person.id, text: 'Hello Gus' });
    await addNote(deps(), sam, { personId: person.id, body: 'secret note' });
    await handBack(deps(), sam, { personId: person.id });
    const events = await db().auditEvent.findMany({ where: { personId: person.id }, orderBy: { createdAt: 'asc' } });
    expect(events.map((e) => e.action)).toEqual(['person.viewed', 'conversation.claimed', 'conversation.replied', 'note.added', 'conversation.handed-back']);
    expect(events.every((e) => e.actorStaffId === sam.staffId)).toBe(true);
    expect(events.map((e) => e.detail).join(' ')).not.toMatch(/Hello Gus|secret note|\+44/);
  });
});
