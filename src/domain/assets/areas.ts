/**
 * An area as people give it: a postcode district ("M9", "SW1A"; a full postcode is cut to its
 * district) or a named neighbourhood ("Harpurhey"). Matching uses the key: upper case, single
 * spaces. Null when it cannot be an area.
 */
export function normaliseArea(input: string | null | undefined): { area: string; areaKey: string } | null {
  const text = String(input ?? '').trim().replace(/\s+/g, ' ');
  if (!text || text.length > 60) return null;
  const postcode = /^([A-Za-z]{1,2}\d[A-Za-z\d]?)(?: ?\d[A-Za-z]{2})?$/.exec(text);
  if (postcode?.[1]) {
    const district = postcode[1].toUpperCase();
    return { area: district, areaKey: district };
  }
  if (!/^[\p{L}][\p{L}\s'’.-]*$/u.test(text)) return null;
  return { area: text, areaKey: text.toUpperCase() };
}
