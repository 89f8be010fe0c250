import type { Db } from '../../db/client';

/**
 * Someone texted a practice's code (the practice told them to): they are the practice's from now
 * on, unless another practice already referred them. Null if no practice in their organisation
 * has that code, so the text is heard as an ordinary message.
 */
export async function attributeToPractice(db: Db, options: { personId: string; organisationId: string; odsCode: string }) {
  const practice = await db.practice.findFirst({ where: { organisationId: options.organisationId, odsCode: options.odsCode }, select: { id: true, name: true } });
  if (!practice) return null;
  await db.person.updateMany({ where: { id: options.personId, practiceId: null }, data: { practiceId: practice.id } });
  return practice;
}
