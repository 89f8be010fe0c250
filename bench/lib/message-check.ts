import type { FakeTwilioApi } from '../../tests/fakes/fake-twilio-api';
import type { BenchDatabase } from './bench-database';

/** Messages stored vs answered vs sent, after the load and the drain. */
export interface MessageCheck {
  verdict: 'MATCH' | 'MISMATCH';
  problems: string[];
  /** Webhooks answered 2xx (warm-up included). */
  accepted2xx: number;
  storedInbound: number;
  answered: number;
  outboundMessages: number;
  sentByFakeTwilio: number;
  outboxLeft: number;
  people: number;
  byStatus: Record<string, number>;
}

/**
 * What must hold when nothing is lost or doubled: every webhook answered 2xx is stored exactly
 * once and nothing else is; every stored message is answered; the outbox is empty; and the fake
 * Twilio API received each outbound message exactly once (its SIDs are the messages' provider ids).
 */
export async function checkMessages(database: BenchDatabase, fake: FakeTwilioApi, acceptedSids: string[], drained: boolean): Promise<MessageCheck> {
  const counts = await database.counts();
  const storedSids = new Set(await database.providerIds('INBOUND'));
  const accepted = new Set(acceptedSids);
  const outboundIds = await database.providerIds('OUTBOUND');
  const sentSids = fake.sent.map((message) => message.sid);
  const problems: string[] = [];
  const answered = counts.byStatus['INBOUND:HANDLED'] ?? 0;

  if (!drained) problems.push('the backlog did not drain before the timeout');
  if (accepted.size !== acceptedSids.length) problems.push(`${acceptedSids.length - accepted.size} MessageSid(s) were accepted twice`);
  if (counts.inbound !== accepted.size) problems.push(`stored ${counts.inbound} inbound messages but ${accepted.size} webhooks got a 2xx`);
  const missing = [...accepted].filter((sid) => !storedSids.has(sid)).length;
  if (missing > 0) problems.push(`${missing} webhook(s) answered 2xx are not stored`);
  const unexpected = [...storedSids].filter((sid) => !accepted.has(sid)).length;
  if (unexpected > 0) problems.push(`${unexpected} stored message(s) never got a 2xx`);
  if (answered !== counts.inbound) problems.push(`${counts.inbound - answered} stored message(s) not answered`);
  if (counts.intakeLeft > 0) problems.push(`${counts.intakeLeft} kept text(s) never stored as messages`);
  if (counts.outboxEntries > 0) problems.push(`${counts.outboxEntries} outbox entr(ies) left unsent`);
  if (sentSids.length !== counts.outbound) problems.push(`fake Twilio received ${sentSids.length} texts for ${counts.outbound} outbound messages`);
  const known = new Set(outboundIds);
  const unknownSends = sentSids.filter((sid) => !known.has(sid)).length;
  // Before the drain ends, a text Twilio has accepted may not have its SID stored yet; after it, such a text was sent twice.
  if (unknownSends > 0) problems.push(`${unknownSends} text(s) reached fake Twilio that no outbound message records (${drained ? 'sent twice' : 'still in flight, or sent twice'})`);
  if (new Set(sentSids).size !== sentSids.length) problems.push('fake Twilio issued a SID twice');

  return {
    verdict: problems.length === 0 ? 'MATCH' : 'MISMATCH',
    problems,
    accepted2xx: accepted.size,
    storedInbound: counts.inbound,
    answered,
    outboundMessages: counts.outbound,
    sentByFakeTwilio: sentSids.length,
    outboxLeft: counts.outboxEntries,
    people: counts.people,
    byStatus: counts.byStatus,
  };
}
