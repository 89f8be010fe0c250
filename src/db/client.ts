// The application's view of the database. Both generated clients come from one schema (see
// docs/decisions.md), so the SQLite client's types describe the PostgreSQL client too; only
// provider-specific query options (e.g. `mode: 'insensitive'`) differ, and Lantern uses none.
import type { PrismaClient } from './generated/sqlite/client';

export type Db = PrismaClient;
/** The client inside `db.$transaction(async (tx) => …)`. */
export type DbTransaction = Parameters<Parameters<Db['$transaction']>[0]>[0];
export type DbOrTransaction = Db | DbTransaction;

export type {
  ApiToken,
  AuditEvent,
  ChannelAddress,
  CheckIn,
  CoachNote,
  CommunityAsset,
  Connection,
  Conversation,
  Handoff,
  InboundReceipt,
  Message,
  Organisation,
  OutboxEntry,
  Person,
  Practice,
  Referral,
  ScheduledJob,
  Staff,
  UrgentFlag,
  WellbeingAnswers,
  WhatDidntWork,
  WhatMattersItem,
} from './generated/sqlite/client';
export {
  Author,
  Barrier,
  Channel,
  ConnectionStatus,
  CheckInRhythm,
  DeliveryStatus,
  Direction,
  HandoffState,
  JobStatus,
  ReferralStatus,
  StaffRole,
  WhatMattersCategory,
} from './generated/sqlite/enums';
export { Prisma } from './generated/sqlite/client';
