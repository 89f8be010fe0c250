import { parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js';
import { parsePhoneNumberFromString as parseWithTypes } from 'libphonenumber-js/max';

// Ofcom keeps 07700 900000-900999 for drama and testing; libphonenumber calls them invalid,
// but Lantern accepts them so trainers, demos and tests never text a real person by accident.
const UK_DRAMA_MOBILES = /^\+447700900\d{3}$/;

/**
 * A phone number in E.164 (+447911123456), or null if it cannot be a real number.
 * National formats are read as UK numbers unless another default country is given.
 */
export function normalisePhone(input: string, defaultCountry: CountryCode = 'GB'): string | null {
  if (typeof input !== 'string' || input.length > 40) return null;
  // Every text is normalised several times on its way through; parsing is the costly part.
  const key = `${defaultCountry} ${input}`;
  const known = recentlyNormalised.get(key);
  if (known !== undefined) return known;
  const normalised = parseAndCheck(input, defaultCountry);
  if (recentlyNormalised.size >= RECENTLY_NORMALISED_KEPT) recentlyNormalised.delete(recentlyNormalised.keys().next().value as string);
  recentlyNormalised.set(key, normalised);
  return normalised;
}

const RECENTLY_NORMALISED_KEPT = 10_000;
const recentlyNormalised = new Map<string, string | null>();

function parseAndCheck(input: string, defaultCountry: CountryCode): string | null {
  const parsed = parsePhoneNumberFromString(input.trim(), defaultCountry);
  if (!parsed) return null;
  if (parsed.isValid() || (parsed.isPossible() && UK_DRAMA_MOBILES.test(parsed.number))) return parsed.number;
  return null;
}


/**
 * Whether an E.164 number is a mobile (so it can get a text). Uses libphonenumber's full
 * metadata, which knows number types; Ofcom's drama mobiles count as mobiles.
 */
export function isMobileNumber(e164: string): boolean {
  if (UK_DRAMA_MOBILES.test(e164)) return true;
  const type = parseWithTypes(e164)?.getType();
  return type === 'MOBILE' || type === 'FIXED_LINE_OR_MOBILE';
}
