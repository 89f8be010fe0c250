import { z } from 'zod';
import type { Db } from '../db/client';
import { createApiToken } from '../domain/api-tokens/create-api-token';
import { createOrganisation } from '../domain/organisations/create-organisation';
import { findOrganisation } from '../domain/organisations/find-organisation';
import { createPractice, normaliseOdsCode } from '../domain/practices/create-practice';
import { createStaff } from '../domain/staff/create-staff';
import { resetPassword } from '../domain/staff/reset-password';
import { AppError } from '../lib/errors';

export interface CommandContext {
  db: Db;
  print(line: string): void;
  /** Reads a secret piped to stdin (never from argv, which other users can see). */
  readStdin(): Promise<string>;
}

interface Command<S extends z.ZodObject> {
  summary: string;
  options: S;
  run(context: CommandContext, options: z.infer<S>): Promise<void>;
}

const command = <S extends z.ZodObject>(definition: Command<S>) => definition;
const ROLE_LABEL = { COACH: 'coach', ADMIN: 'admin', PRACTICE: 'practice staff member' } as const;
const text = z.string().trim().min(1);
const role = z.enum(['coach', 'admin', 'practice']).default('coach').transform((value) => value.toUpperCase() as 'COACH' | 'ADMIN' | 'PRACTICE');

export const COMMANDS = {
  'org:create': command({
    summary: '--name <name> [--sms-number <Twilio number people text>]',
    options: z.object({ name: text, 'sms-number': text.optional() }),
    async run({ db, print }, options) {
      const organisation = await createOrganisation(db, { name: options.name, smsNumber: options['sms-number'] });
      print(`Created organisation "${organisation.name}" (${organisation.id})`);
    },
  }),
  'org:list': command({
    summary: '',
    options: z.object({}),
    async run({ db, print }) {
      for (const org of await db.organisation.findMany({ orderBy: { createdAt: 'asc' } })) {
        print(`${org.id}  ${org.name}${org.smsNumber ? `  ${org.smsNumber}` : ''}`);
      }
    },
  }),
  'staff:create': command({
    summary: '--org <id or name> --email <email> --name <display name> [--role coach|admin|practice] [--practice <ODS code>] [--password-stdin]',
    options: z.object({ org: text, email: text, name: text, role, practice: text.optional(), 'password-stdin': z.boolean().optional() }),
    async run({ db, print, readStdin }, options) {
      const organisation = await findOrganisation(db, options.org);
      const practice = options.practice ? await findPractice(db, organisation.id, options.practice) : undefined;
      const password = options['password-stdin'] ? (await readStdin()).replace(/\r?\n$/, '') : undefined;
      const { staff, oneTimePassword } = await createStaff(db, {
        organisationId: organisation.id,
        email: options.email,
        displayName: options.name,
        role: options.role,
        practiceId: practice?.id,
        password,
      });
      print(`Created ${ROLE_LABEL[staff.role]} ${staff.email} in "${organisation.name}" (${staff.id})`);
      if (oneTimePassword) print(`One-time password (shown once; they choose their own at first sign-in): ${oneTimePassword}`);
    },
  }),
  'staff:list': command({
    summary: '[--org <id or name>]',
    options: z.object({ org: text.optional() }),
    async run({ db, print }, options) {
      const organisationId = options.org ? (await findOrganisation(db, options.org)).id : undefined;
      const staff = await db.staff.findMany({ where: { organisationId }, orderBy: { email: 'asc' }, include: { practice: true } });
      for (const s of staff) print(`${s.id}  ${s.role.toLowerCase().padEnd(8)}  ${s.email}  ${s.displayName}${s.practice ? `  (${s.practice.odsCode})` : ''}`);
    },
  }),
  'staff:reset-password': command({
    summary: '--email <email>',
    options: z.object({ email: text }),
    async run({ db, print }, options) {
      print(`New one-time password for ${options.email} (shown once): ${await resetPassword(db, options.email)}`);
    },
  }),
  'practice:create': command({
    summary: '--org <id or name> --ods <ODS code> --name <practice name>',
    options: z.object({ org: text, ods: text, name: text }),
    async run({ db, print }, options) {
      const organisation = await findOrganisation(db, options.org);
      const practice = await createPractice(db, { organisationId: organisation.id, odsCode: options.ods, name: options.name });
      print(`Created practice ${practice.odsCode} "${practice.name}" in "${organisation.name}" (${practice.id})`);
    },
  }),
  'practice:list': command({
    summary: '[--org <id or name>]',
    options: z.object({ org: text.optional() }),
    async run({ db, print }, options) {
      const organisationId = options.org ? (await findOrganisation(db, options.org)).id : undefined;
      for (const p of await db.practice.findMany({ where: { organisationId }, orderBy: { odsCode: 'asc' } })) print(`${p.odsCode}  ${p.name}  (${p.id})`);
    },
  }),
  'token:create': command({
    summary: '--org <id or name> --name <what it is for> [--practice <ODS code>]',
    options: z.object({ org: text, name: text, practice: text.optional() }),
    async run({ db, print }, options) {
      const organisation = await findOrganisation(db, options.org);
      const practice = options.practice ? await findPractice(db, organisation.id, options.practice) : undefined;
      const { apiToken, token } = await createApiToken(db, { organisationId: organisation.id, name: options.name, practiceId: practice?.id });
      print(`Created API token "${apiToken.name}" (${apiToken.id}). Shown once; send it as "Authorization: Bearer <token>":`);
      print(token);
    },
  }),
  'token:list': command({
    summary: '[--org <id or name>]',
    options: z.object({ org: text.optional() }),
    async run({ db, print }, options) {
      const organisationId = options.org ? (await findOrganisation(db, options.org)).id : undefined;
      for (const t of await db.apiToken.findMany({ where: { organisationId }, orderBy: { createdAt: 'asc' } })) {
        print(`${t.id}  ${t.name}  ${t.revokedAt ? 'revoked' : 'active'}  last used ${t.lastUsedAt?.toISOString() ?? 'never'}`);
      }
    },
  }),
  'token:revoke': command({
    summary: '--id <token id>',
    options: z.object({ id: text }),
    async run({ db, print }, options) {
      const { count } = await db.apiToken.updateMany({ where: { id: options.id, revokedAt: null }, data: { revokedAt: new Date() } });
      if (count === 0) throw new AppError('not-found', `No active API token ${options.id}`);
      print(`Revoked API token ${options.id}`);
    },
  }),
};

async function findPractice(db: Db, organisationId: string, ods: string) {
  const odsCode = normaliseOdsCode(ods);
  const practice = odsCode ? await db.practice.findFirst({ where: { organisationId, odsCode } }) : null;
  if (!practice) throw new AppError('not-found', `No practice ${ods} in that organisation`);
  return practice;
}
