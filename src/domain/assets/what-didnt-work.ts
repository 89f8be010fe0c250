import { z } from 'zod';
import { Barrier, type Db, type WhatDidntWork } from '../../db/client';
import { AppError } from '../../lib/errors';
import { storableText } from '../../lib/text';

export const BARRIERS = Object.values(Barrier) as Barrier[];

const id = z.uuid({ error: 'is not an id' });

/**
 * What a coach says didn't work: a service or one of the organisation's assets (exactly one, so
 * the learning report never has to guess which the entry is about), a barrier, a short note.
 * The note is private to coaches and never leaves Lantern in aggregate.
 */
export const whatDidntWorkInput = z
  .object({
    personId: id.nullable().optional().transform((v) => v ?? null),
    assetId: id.nullable().optional().transform((v) => v ?? null),
    // A blank name (a form's empty field) is no name, not a name that is too short.
    serviceName: storableText()
      .trim()
      .max(120, 'is longer than 120 characters')
      .nullable()
      .optional()
      .transform((v) => v || null)
      .refine((v) => v === null || v.length >= 2, 'is shorter than 2 characters'),
    barrier: z.enum(Barrier, { error: (issue) => `"${String(issue.input)}" is not a barrier` }),
    note: storableText().trim().max(500, 'is longer than 500 characters').default(''),
  })
  .superRefine((input, ctx) => {
    if (!input.assetId && !input.serviceName) ctx.addIssue({ code: 'custom', path: ['serviceName'], message: 'name the service, or choose one of your community assets' });
    if (input.assetId && input.serviceName) ctx.addIssue({ code: 'custom', path: ['serviceName'], message: 'choose a community asset or name a service, not both' });
  });
export type WhatDidntWorkInput = z.input<typeof whatDidntWorkInput>;

export interface RecordWhatDidntWorkOptions extends WhatDidntWorkInput {
  organisationId: string;
  staffId: string | null;
  now: Date;
}

/** Records something that didn't work for a person. Person and asset must be the organisation's. */
export async function recordWhatDidntWork(db: Db, options: RecordWhatDidntWorkOptions): Promise<WhatDidntWork> {
  const input = whatDidntWorkInput.parse(options);
  const [person, asset] = await Promise.all([
    input.personId ? db.person.findFirst({ where: { id: input.personId, organisationId: options.organisationId }, select: { id: true } }) : null,
    input.assetId ? db.communityAsset.findFirst({ where: { id: input.assetId, organisationId: options.organisationId }, select: { id: true } }) : null,
  ]);
  if (input.personId && !person) throw new AppError('not-found', 'No such person');
  if (input.assetId && !asset) throw new AppError('not-found', 'No such community asset in your organisation');
  return db.whatDidntWork.create({
    data: {
      organisationId: options.organisationId,
      personId: person?.id ?? null,
      assetId: asset?.id ?? null,
      serviceName: input.serviceName,
      barrier: input.barrier,
      note: input.note,
      createdById: options.staffId,
      createdAt: options.now,
    },
  });
}
