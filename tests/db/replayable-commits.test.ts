import { asDurable, asReplayable } from '../../src/db/durability';
import { recordInbound } from '../../src/messaging/record-inbound';
import { systemClock } from '../../src/lib/clock';
import { startSmsService } from '../helpers/sms-service';
import { watchSqliteStatements } from '../helpers/sqlite-statements';
import { testProvider } from '../helpers/test-database';

const onSqlite = testProvider === 'sqlite' ? describe : describe.skip;

/** A commit as SQLite ran it: the writes in it, and whether it waited for the disk. */
interface Commit {
  synchronous: 'FULL' | 'NORMAL';
  writes: string[];
}

/** The statements run so far, grouped into commits, each with the `synchronous` setting in force when it committed. */
function commitsOf(statements: string[]): Commit[] {
  const commits: Commit[] = [];
  let synchronous: Commit['synchronous'] = 'FULL';
  let open: string[] | null = null;
  for (const sql of statements) {
    const setting = /^PRAGMA synchronous = (FULL|NORMAL)$/.exec(sql);
    if (setting) synchronous = setting[1] as Commit['synchronous'];
    else if (/^BEGIN/.test(sql)) open = [];
    else if (/^COMMIT/.test(sql)) {
      commits.push({ synchronous, writes: open ?? [] });
      open = null;
    } else if (/^ROLLBACK/.test(sql)) open = null;
    else if (/^(INSERT|UPDATE|DELETE)/i.test(sql)) {
      if (open) open.push(sql);
      else commits.push({ synchronous, writes: [sql] });
    }
  }
  return commits;
}

/** Watches the statements better-sqlite3 runs; `commits` groups those seen so far. */
function watchCommits() {
  const watch = watchSqliteStatements();
  return { stop: watch.stop, get commits() { return commitsOf(watch.statements); } };
}

const writesTo = (table: string, verb = '(INSERT INTO|UPDATE|DELETE FROM)') => (commit: Commit) =>
  commit.writes.some((sql) => new RegExp(`^${verb} [\`"](main[\`"]\\.[\`"])?${table}[\`"]`).test(sql));

onSqlite('which commits wait for the disk (SQLite)', () => {
  let sms: Awaited<ReturnType<typeof startSmsService>>;
  let watch: ReturnType<typeof watchCommits>;

  beforeAll(async () => {
    sms = await startSmsService();
  });
  afterAll(() => sms.stop());
  afterEach(() => watch?.stop());

  const synchronous = async () => Number((await sms.db().$queryRawUnsafe<Array<{ synchronous: bigint }>>('PRAGMA synchronous'))[0]?.synchronous);

  it('syncs every commit, except those of replayable work, and syncs again once that work is done', async () => {
    expect(await synchronous()).toBe(2);
    expect(await asReplayable(() => synchronous())).toBe(1);
    expect(await asReplayable(() => sms.db().$transaction((tx) => tx.$queryRawUnsafe<Array<{ synchronous: bigint }>>('PRAGMA synchronous')))).toEqual([{ synchronous: 1n }]);
    expect(await asReplayable(() => asDurable(() => synchronous()))).toBe(2);
    expect(await synchronous()).toBe(2);
  });

  it('gives work queued side by side each its own setting', async () => {
    const modes = await Promise.all([synchronous(), asReplayable(() => synchronous()), synchronous(), asReplayable(() => synchronous()), asReplayable(() => synchronous()), synchronous()]);
    expect(modes).toEqual([2, 1, 2, 1, 1, 2]);
  });

  it('syncs a text\'s receipt before Twilio hears 200 and its reply before it goes to Twilio, but not the steps in between', async () => {
    const phone = sms.nextPhone();
    await sms.welcomed(phone);
    watch = watchCommits();
    const answered = await sms.say(phone, 'I love gardening');
    expect(answered.status).toBe(200);
    await sms.settle();
    watch.stop();
    expect(sms.sentTo(phone)).toHaveLength(1);

    const { commits } = watch;
    const receipt = commits.findIndex(writesTo('InboundReceipt', 'INSERT INTO'));
    const stored = commits.findIndex(writesTo('InboundReceipt', 'DELETE FROM'));
    const answer = commits.findIndex(writesTo('OutboxEntry', 'INSERT INTO'));
    const claim = commits.findIndex(writesTo('OutboxEntry', 'UPDATE'));
    const sent = commits.findIndex(writesTo('OutboxEntry', 'DELETE FROM'));
    expect([receipt, stored, answer, claim, sent].every((at) => at >= 0)).toBe(true);
    expect(receipt < stored && stored < answer && answer < claim && claim < sent).toBe(true);
    // What Twilio is told about (the 200, the text handed over, its SID) is on disk first, and
    // the claim's sync takes the turn's commits before it to disk as well.
    expect(commits[receipt]?.synchronous).toBe('FULL');
    expect(commits[claim]?.synchronous).toBe('FULL');
    expect(commits[sent]?.synchronous).toBe('FULL');
    // Storing the text and answering it tell nobody: both are done again if a power cut loses them.
    expect(commits[stored]?.synchronous).toBe('NORMAL');
    expect(commits[answer]?.synchronous).toBe('NORMAL');
    expect(commits.slice(stored, claim).every((commit) => commit.synchronous === 'NORMAL')).toBe(true);
  });

  it('syncs a web chat reply as it commits, since web chat shows it at once', async () => {
    const visitor = `webchat-visitor-${Date.now()}`;
    const recorded = await recordInbound(sms.db(), {
      channel: 'WEB_CHAT', address: visitor, providerMessageId: `${visitor}-1`, body: 'hello',
      reference: JSON.stringify({ channelId: 'directline', user: { id: visitor }, bot: { id: 'lantern' }, conversation: { id: visitor } }),
    }, systemClock);
    watch = watchCommits();
    // Even when asked from inside replayable work.
    await asReplayable(() => sms.service.runtime.runner.answer(recorded.message));
    watch.stop();
    const reply = await sms.db().message.findFirstOrThrow({ where: { personId: recorded.message.personId, direction: 'OUTBOUND' } });
    expect(reply.status).toBe('SENT');
    const answer = watch.commits.find((commit) => writesTo('Message', 'UPDATE')(commit) && writesTo('Message', 'INSERT INTO')(commit));
    expect(answer?.synchronous).toBe('FULL');
  });

  it('syncs an erasure before the goodbye is texted, although the turn that asked for it is replayable', async () => {
    const phone = sms.nextPhone();
    await sms.welcomed(phone);
    watch = watchCommits();
    await sms.say(phone, 'delete my data');
    await sms.settle();
    await sms.say(phone, 'yes');
    await sms.settle();
    watch.stop();
    expect(await sms.db().person.findFirst({ where: { phone } })).toBeNull();
    const erasure = watch.commits.find(writesTo('Person', 'DELETE FROM'));
    expect(erasure?.synchronous).toBe('FULL');
  });
});
