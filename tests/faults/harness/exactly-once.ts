import type { FakeTwilioApi } from '../../fakes/fake-twilio-api';
import type { DirectDb } from './fault-harness';
import type { Text } from './webhook-driver';

/** What the suites report and assert once everything has drained. */
export interface ExactlyOnce {
  problems: string[];
  summary: {
    texts: number;
    accepted: number;
    retried: number;
    inboundStored: number;
    handled: number;
    outbound: number;
    sentByFakeTwilio: number;
    people: number;
  };
}

// SENDING with a Twilio SID: handed to Twilio (the fake sends no status callbacks).
const SENT_STATUSES = new Set(['SENDING', 'SENT', 'DELIVERED', 'READ']);
const at = (value: unknown): number => (value instanceof Date ? value.getTime() : Number(value));
const sample = (items: unknown[]): string => JSON.stringify(items.slice(0, 5));

/**
 * Nothing acknowledged lost, nothing doubled:
 * - every text that got a 2xx is stored exactly once as an inbound message, and nothing else is;
 * - every stored message is HANDLED, and no conversation has more reply commits than texts (a
 *   turn's replies are written in one transaction with one timestamp, so a turn answered twice
 *   shows as an extra commit);
 * - every outbound message was sent exactly once: the fake Twilio API holds one send per outbound
 *   message, each Twilio SID is on exactly one message, with that message's body and phone, and
 *   no send is left over (a second send of the same text);
 * - the receipts, the outbox and the people are as they should be.
 */
export async function checkExactlyOnce(direct: DirectDb, fake: FakeTwilioApi, texts: Iterable<Text>, options: { extraCommits?: Map<string, number> } = {}): Promise<ExactlyOnce> {
  const problems: string[] = [];
  const all = [...texts];
  const accepted = new Set(all.filter((t) => t.accepted).map((t) => t.sid));
  const sentSids = new Set(all.map((t) => t.sid));

  const inbound = await direct.all(`SELECT "providerMessageId" AS sid, "status" AS status, "conversationId" AS conv FROM "Message" WHERE "direction" = 'INBOUND'`);
  const outbound = await direct.all(`SELECT "id" AS id, "providerMessageId" AS sid, "body" AS body, "status" AS status, "conversationId" AS conv, "createdAt" AS at, "author" AS author FROM "Message" WHERE "direction" = 'OUTBOUND'`);
  const phones = await direct.all(`SELECT c."id" AS conv, a."address" AS phone FROM "Conversation" c JOIN "ChannelAddress" a ON a."personId" = c."personId" AND a."channel" = 'SMS'`);
  const [left] = await direct.all(`SELECT (SELECT COUNT(*) FROM "InboundReceipt") AS receipts, (SELECT COUNT(*) FROM "OutboxEntry") AS outbox, (SELECT COUNT(*) FROM "Person") AS people`);
  const doubledAddresses = await direct.all(`SELECT "address" AS phone, COUNT(*) AS n FROM "ChannelAddress" GROUP BY "address" HAVING COUNT(*) > 1`);

  // Inbound: stored once each, exactly the accepted ones, all answered.
  const storedCount = new Map<string, number>();
  for (const row of inbound) storedCount.set(String(row.sid), (storedCount.get(String(row.sid)) ?? 0) + 1);
  const unacceptedLeft = all.filter((t) => !t.accepted).map((t) => t.sid);
  if (unacceptedLeft.length > 0) problems.push(`${unacceptedLeft.length} text(s) never got a 2xx, even retried: ${sample(unacceptedLeft)}`);
  const missing = [...accepted].filter((sid) => !storedCount.has(sid));
  if (missing.length > 0) problems.push(`${missing.length} text(s) answered 2xx are not stored: ${sample(missing)}`);
  const twice = [...storedCount].filter(([, n]) => n > 1);
  if (twice.length > 0) problems.push(`${twice.length} text(s) stored more than once: ${sample(twice)}`);
  const strangers = [...storedCount.keys()].filter((sid) => !sentSids.has(sid));
  if (strangers.length > 0) problems.push(`${strangers.length} stored inbound message(s) the suite never sent: ${sample(strangers)}`);
  const notAccepted = [...storedCount.keys()].filter((sid) => sentSids.has(sid) && !accepted.has(sid));
  if (notAccepted.length > 0) problems.push(`${notAccepted.length} stored message(s) never got a 2xx`);
  const unanswered = inbound.filter((row) => row.status !== 'HANDLED');
  if (unanswered.length > 0) problems.push(`${unanswered.length} inbound message(s) not HANDLED: ${sample(unanswered.map((r) => r.status))}`);

  // Replies: at most one commit (one createdAt) per inbound text in each conversation, plus what Lantern started itself.
  const textsByConversation = new Map<string, number>();
  for (const row of inbound) textsByConversation.set(String(row.conv), (textsByConversation.get(String(row.conv)) ?? 0) + 1);
  const commits = new Map<string, Set<number>>();
  for (const row of outbound) {
    if (row.author !== 'BOT') continue;
    const set = commits.get(String(row.conv)) ?? new Set<number>();
    set.add(at(row.at));
    commits.set(String(row.conv), set);
  }
  const overAnswered = [...commits].filter(([conv, set]) => set.size > (textsByConversation.get(conv) ?? 0) + (options.extraCommits?.get(conv) ?? 0));
  if (overAnswered.length > 0) {
    problems.push(`${overAnswered.length} conversation(s) have more reply commits than texts (a turn answered twice): ${sample(overAnswered.map(([conv, set]) => ({ conv, commits: set.size, texts: textsByConversation.get(conv) ?? 0 })))}`);
  }

  // Outbound: each message sent exactly once, to its person, with its body.
  const phoneOf = new Map(phones.map((row) => [String(row.conv), String(row.phone)]));
  const fakeBySid = new Map<string, (typeof fake.sent)[number]>();
  for (const sent of fake.sent) {
    if (fakeBySid.has(sent.sid)) problems.push(`fake Twilio issued SID ${sent.sid} twice`);
    fakeBySid.set(sent.sid, sent);
  }
  const messageBySid = new Map<string, Row>();
  const unsent: Row[] = [];
  const wrong: unknown[] = [];
  for (const row of outbound) {
    if (!row.sid || !SENT_STATUSES.has(String(row.status))) {
      unsent.push(row);
      continue;
    }
    const sid = String(row.sid);
    if (messageBySid.has(sid)) problems.push(`Twilio SID ${sid} is on two outbound messages`);
    messageBySid.set(sid, row);
    const sent = fakeBySid.get(sid);
    if (!sent) wrong.push({ id: row.id, problem: 'its SID was never issued by fake Twilio' });
    else if (sent.body !== row.body || sent.to !== phoneOf.get(String(row.conv))) wrong.push({ id: row.id, problem: 'sent with another body or to another phone' });
  }
  if (unsent.length > 0) problems.push(`${unsent.length} outbound message(s) not sent: ${sample(unsent.map((r) => ({ id: r.id, status: r.status, sid: r.sid })))}`);
  if (wrong.length > 0) problems.push(`${wrong.length} outbound message(s) do not match what fake Twilio received: ${sample(wrong)}`);
  const extra = fake.sent.filter((sent) => !messageBySid.has(sent.sid));
  if (extra.length > 0) {
    const messagesTo = new Map<string, Row[]>();
    for (const row of outbound) {
      const key = `${phoneOf.get(String(row.conv))}\n${String(row.body)}`;
      messagesTo.set(key, [...(messagesTo.get(key) ?? []), row]);
    }
    const described = extra.map((sent) => {
      const same = messagesTo.get(`${sent.to}\n${sent.body}`) ?? [];
      return { to: sent.to, body: sent.body.slice(0, 40), receivedAt: sent.receivedAt.toISOString(), sameTextMessages: same.map((r) => ({ id: r.id, sid: r.sid })) };
    });
    const doubles = described.filter((d) => d.sameTextMessages.length > 0).length;
    problems.push(`${extra.length} text(s) reached fake Twilio that no outbound message records; ${doubles} of them are a second send of a message that was also sent under another SID: ${JSON.stringify(described.slice(0, 3))}`);
  }
  if (fake.sent.length !== outbound.length) problems.push(`fake Twilio received ${fake.sent.length} texts for ${outbound.length} outbound messages`);

  if (Number(left?.receipts) > 0) problems.push(`${String(left?.receipts)} InboundReceipt row(s) left`);
  if (Number(left?.outbox) > 0) problems.push(`${String(left?.outbox)} OutboxEntry row(s) left`);
  if (doubledAddresses.length > 0) problems.push(`${doubledAddresses.length} phone(s) belong to more than one person: ${sample(doubledAddresses)}`);

  return {
    problems,
    summary: {
      texts: all.length,
      accepted: accepted.size,
      retried: all.filter((t) => t.attempts.length > 1).length,
      inboundStored: inbound.length,
      handled: inbound.length - unanswered.length,
      outbound: outbound.length,
      sentByFakeTwilio: fake.sent.length,
      people: Number(left?.people),
    },
  };
}

type Row = Record<string, unknown>;
