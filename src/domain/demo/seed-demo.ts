import type { Db } from '../../db/client';
import { generateOneTimePassword } from '../../lib/password';
import { createOrganisation } from '../organisations/create-organisation';
import { createPractice } from '../practices/create-practice';
import { createStaff } from '../staff/create-staff';

export interface DemoSignIns {
  organisationName: string;
  coach: { email: string; password: string };
  practiceStaff: { email: string; password: string; odsCode: string };
}

/**
 * On a brand-new database, a demo organisation with a coach and a practice, so someone trying
 * Lantern can sign in at once. Returns null (and changes nothing) if any organisation exists.
 */
export async function seedDemoIfEmpty(db: Db): Promise<DemoSignIns | null> {
  if ((await db.organisation.count()) > 0) return null;
  const organisation = await createOrganisation(db, { name: 'Lantern Demo PCN' });
  const practice = await createPractice(db, { organisationId: organisation.id, odsCode: 'LNT001', name: 'Demo Riverside Surgery' });
  const coachPassword = generateOneTimePassword();
  const practicePassword = generateOneTimePassword();
  await createStaff(db, {
    organisationId: organisation.id,
    email: 'coach@demo.lantern.test',
    displayName: 'Demo Coach',
    role: 'COACH',
    password: coachPassword,
  });
  await createStaff(db, {
    organisationId: organisation.id,
    practiceId: practice.id,
    email: 'practice@demo.lantern.test',
    displayName: 'Demo Reception',
    role: 'PRACTICE',
    password: practicePassword,
  });
  return {
    organisationName: organisation.name,
    coach: { email: 'coach@demo.lantern.test', password: coachPassword },
    practiceStaff: { email: 'practice@demo.lantern.test', password: practicePassword, odsCode: practice.odsCode },
  };
}
