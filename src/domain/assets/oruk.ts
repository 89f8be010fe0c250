import { z } from 'zod';
import type { Db } from '../../db/client';
import { AppError } from '../../lib/errors';
import { storable } from '../../lib/text';
import { normalise } from '../../understanding/normalise';
import { findWhatMatters } from '../../understanding/what-matters-categories';
import { categoryFromName } from './asset-csv';
import { assetInput, CATEGORIES, type AssetInput, type Category } from './asset-input';
import { normaliseArea } from './areas';
import type { AssetView } from './list-assets';
import { saveAsset } from './save-asset';

// Open Referral UK (HSDS-based JSON), as council directories publish it. Feeds differ a lot, so
// reading is tolerant (wrong types become empty, a lone object counts as a list of one) and what
// is stored goes through `assetInput` like every other boundary.

export const MAX_ORUK_SERVICES = 20_000;
/** Lantern's own taxonomy in an export, so categories come back exactly on import. */
export const LANTERN_VOCABULARY = 'Lantern what matters';

/** The same words as the inbox (src/inbox-ui/public/words.js). */
export const CATEGORY_NAMES: Record<Category, string> = {
  PERSONAL_QUALITIES: 'Personal qualities', KNOWLEDGE_AND_SKILLS: 'Knowledge and skills', RELATIONSHIPS: 'Relationships',
  PASSIONS_AND_INTERESTS: 'Passions and interests', NEIGHBOURS: 'Neighbours', COMMUNITY_GROUPS: 'Community groups',
  SHARED_INTEREST_GROUPS: 'Shared-interest groups', COMMUNITY_LEADERS: 'Community leaders', HEALTH: 'Health', MONEY: 'Money',
  HOUSING: 'Housing', TRANSPORT: 'Transport', CARE_SERVICES: 'Health and care services', LEISURE: 'Leisure', SCHOOLS: 'Schools',
  COMMUNITY_BUILDINGS: 'Community buildings', OTHER: 'Other things',
};

export interface OrukSkipped {
  /** Its position in the feed's list of services, counting from 0 (as in `content[3]`). */
  index: number;
  id?: string;
  problems: string[];
}

export interface OrukImportResult {
  created: number;
  updated: number;
  skipped: OrukSkipped[];
}

const text = z.union([z.string(), z.number()]).transform((v) => storable(String(v)).trim()).catch('');
const amount = z.union([z.number(), z.string().transform((v) => Number(v.replace(/[£,\s]/g, '') || NaN))]).pipe(z.number().min(0)).nullable().catch(null);

/** null or missing is empty, one object alone is a list of one, entries that are not objects are dropped. */
function list<T extends z.ZodType>(item: T) {
  return z.unknown().optional().transform((value) =>
    (value == null ? [] : Array.isArray(value) ? value : [value]).slice(0, 200).flatMap((entry) => {
      const parsed = item.safeParse(entry);
      return parsed.success ? [parsed.data as z.output<T>] : [];
    }),
  );
}

const phone = z.looseObject({ number: text });
const location = z.looseObject({
  name: text,
  physical_addresses: list(z.looseObject({ address_1: text, city: text, postal_code: text })),
  accessibility_for_disabilities: list(z.looseObject({ accessibility: text })),
});
const schedule = z.looseObject({ description: text, byday: text, opens_at: text, closes_at: text, freq: text });
const taxonomy = z.looseObject({ id: text, name: text, vocabulary: text });
const orukService = z.looseObject({
  id: text, name: text, description: text, url: text, email: text, status: text, fees: text, assured_date: text,
  contacts: list(z.looseObject({ name: text, phones: list(phone) })),
  phones: list(phone),
  service_areas: list(z.looseObject({ service_area: text })),
  regular_schedules: list(schedule),
  service_at_locations: list(z.looseObject({ location: location.optional().catch(undefined) })),
  cost_options: list(z.looseObject({ option: text, amount, amount_description: text })),
  service_taxonomys: list(z.looseObject({ taxonomy: taxonomy.optional().catch(undefined) })),
});
type OrukService = z.output<typeof orukService>;

function servicesIn(json: unknown): unknown[] {
  if (Array.isArray(json)) return json;
  if (json && typeof json === 'object') {
    for (const key of ['content', 'contents', 'items'] as const) {
      const page = (json as Record<string, unknown>)[key];
      if (Array.isArray(page)) return page;
    }
  }
  throw new AppError('bad-request', 'This is not an Open Referral UK feed: expected a list of services, or a page of them as { "content": [...] } or { "items": [...] }');
}

/**
 * Imports one feed (or one page of it: other pages are not fetched) service by service. A good
 * service is saved under `oruk:<id>`, so importing the feed again updates it; a closed one, or one
 * that cannot be stored, is skipped and reported with its place in the feed and why.
 */
export async function importOrukServices(db: Db, options: { organisationId: string; json: unknown }): Promise<OrukImportResult> {
  const services = servicesIn(options.json);
  if (services.length > MAX_ORUK_SERVICES) throw new AppError('bad-request', `The feed has ${services.length.toLocaleString('en-GB')} services; at most ${MAX_ORUK_SERVICES.toLocaleString('en-GB')} can be imported at once`);
  const result: OrukImportResult = { created: 0, updated: 0, skipped: [] };
  const seen = new Map<string, number>();
  for (const [index, entry] of services.entries()) {
    const parsed = orukService.safeParse(entry);
    if (!parsed.success) {
      result.skipped.push({ index, problems: ['is not a service (an object)'] });
      continue;
    }
    const service = parsed.data;
    const earlier = seen.get(service.id);
    const problems = earlier === undefined ? [] : [`id: "${service.id}" is used by service ${earlier} earlier in the feed`];
    if (service.id && earlier === undefined) seen.set(service.id, index);
    const asset = assetFromService(service);
    if (problems.length || !asset.success) {
      result.skipped.push({ index, ...(service.id ? { id: service.id } : {}), problems: [...problems, ...(asset.success ? [] : asset.problems)] });
      continue;
    }
    const { created } = await saveAsset(db, options.organisationId, asset.data);
    if (created) result.created += 1;
    else result.updated += 1;
  }
  return result;
}

const CLOSED = /^(?:inactive|closed|defunct|temporarily[ _-]?closed|withdrawn|deleted|archived)$/i;
const FIELD_IN_ORUK: Record<string, string> = {
  externalId: 'id', categories: 'service_taxonomys', area: 'service_areas', schedule: 'regular_schedules', contact: 'contacts',
  cost: 'fees', accessibility: 'accessibility_for_disabilities', lastVerifiedAt: 'assured_date',
};

function assetFromService(service: OrukService) {
  const problems: string[] = [];
  if (!service.id) problems.push('id: is missing, so a later import could not find it again');
  if (CLOSED.test(service.status)) problems.push(`status: "${service.status}", so it is not running now`);
  const area = areaOf(service);
  if (!area) problems.push('no service area or postcode');
  const description = fitTo(plainText(service.description), 2000);
  const input: AssetInput = {
    externalId: service.id ? `oruk:${service.id}` : undefined,
    name: plainText(service.name),
    description,
    categories: categoriesOf(service.service_taxonomys, plainText(service.name), description),
    area: area ?? '',
    schedule: fitTo(unique(service.regular_schedules.map((s) => s.description || when(s))).join('; '), 300),
    contact: contactOf(service, 300),
    cost: fitTo(service.fees || unique(service.cost_options.map(costOption)).join('; '), 100),
    accessibility: fitTo(unique(locationsOf(service).flatMap((l) => l.accessibility_for_disabilities.map((a) => a.accessibility))).join('; '), 500),
    lastVerifiedAt: dateOf(service.assured_date),
  };
  const parsed = assetInput.safeParse(input);
  if (parsed.success && !problems.length) return { success: true as const, data: parsed.data };
  const issues = parsed.success ? [] : parsed.error.issues.filter((issue) => area || issue.path[0] !== 'area');
  return { success: false as const, problems: [...problems, ...issues.map((issue) => `${FIELD_IN_ORUK[String(issue.path[0])] ?? String(issue.path[0] ?? 'service')}: ${issue.message}`)] };
}

const locationsOf = (service: OrukService) => service.service_at_locations.flatMap((l) => (l.location ? [l.location] : []));
const unique = (items: string[]) => [...new Set(items.filter(Boolean))];

/** The first service area that is a district or neighbourhood, else the district of the first postcode. */
function areaOf(service: OrukService): string | null {
  for (const { service_area } of service.service_areas) {
    const area = normaliseArea(service_area);
    if (area) return area.area;
  }
  for (const address of locationsOf(service).flatMap((l) => l.physical_addresses)) {
    const area = normaliseArea(address.postal_code);
    if (area && /^[A-Z]{1,2}\d[A-Z\d]?$/.test(area.area)) return area.area;
  }
  return null;
}

const BLOCK_TAG = /<\/?(?:p|br|div|li|ul|ol|h[1-6]|tr|td|th|table|section|blockquote)\b[^<>]*>/i;
const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ', pound: '£' };

/** Feeds often carry HTML from a rich-text editor; Lantern stores what a person would read. */
function plainText(html: string): string {
  const blocks = html
    .slice(0, 20_000)
    .replace(/<(script|style)\b[^>]*>[\s\S]*?<\/\1\s*>/gi, ' ')
    .split(BLOCK_TAG)
    .map((block) => decodeEntities(block.replace(/<\/?[a-z][^<>]*>/gi, '')).replace(/\s+/g, ' ').trim())
    .filter(Boolean);
  // Paragraphs and list items read as sentences once the tags between them are gone.
  return blocks.map((block, i) => (i < blocks.length - 1 && !/[.!?:;,]$/.test(block) ? `${block}.` : block)).join(' ');
}

function decodeEntities(text: string): string {
  return text.replace(/&(?:#(\d+)|#x([\da-f]+)|([a-z]+));/gi, (whole, decimal?: string, hex?: string, named?: string) => {
    const code = decimal ? Number(decimal) : hex ? Number.parseInt(hex, 16) : NaN;
    if (code > 31 && code < 0x110000) return String.fromCodePoint(code);
    return (named && ENTITIES[named.toLowerCase()]) || whole;
  });
}

/** Cut at a word to fit a column, marked with an ellipsis, rather than refuse the service. */
function fitTo(value: string, max: number): string {
  if (value.length <= max) return value;
  const cut = value.slice(0, max - 1);
  return `${cut.slice(0, cut.lastIndexOf(' ') > max / 2 ? cut.lastIndexOf(' ') : cut.length).trimEnd()}…`;
}

const DAYS: Record<string, string> = { MO: 'Mon', TU: 'Tue', WE: 'Wed', TH: 'Thu', FR: 'Fri', SA: 'Sat', SU: 'Sun' };
const NTH: Record<string, string> = { '1': '1st', '2': '2nd', '3': '3rd', '4': '4th', '5': '5th', '-1': 'last' };

/** "TU,TH" 10:00-12:00 → "Tue, Thu 10:00-12:00"; "1MO" (iCal) → "1st Mon". */
function when(s: z.output<typeof schedule>): string {
  const days = s.byday.toUpperCase().split(/[\s,]+/).flatMap((day) => {
    const [, nth = '', code = ''] = /^([+-]?\d)?([A-Z]{2})$/.exec(day) ?? [];
    return DAYS[code] ? [[NTH[nth.replace('+', '')], DAYS[code]].filter(Boolean).join(' ')] : [];
  });
  const clock = (t: string) => /^(\d{1,2}):(\d{2})/.exec(t)?.slice(1).map((p, i) => (i === 0 ? p.padStart(2, '0') : p)).join(':') ?? '';
  const [opens, closes] = [clock(s.opens_at), clock(s.closes_at)];
  const hours = opens && closes ? `${opens}-${closes}` : opens ? `from ${opens}` : '';
  const text = [days.join(', '), hours].filter(Boolean).join(' ');
  return text && /^monthly$/i.test(s.freq) && !/\d/.test(s.byday) ? `Monthly, ${text}` : text;
}

/** Email, each contact's name and numbers, the service's numbers, the website: whole parts only, to fit. */
function contactOf(service: OrukService, max: number): string {
  const parts = unique([service.email, ...service.contacts.flatMap((c) => [c.name, ...c.phones.map((p) => p.number)]), ...service.phones.map((p) => p.number), service.url]);
  const kept: string[] = [];
  for (const part of parts) if ([...kept, part].join(' · ').length <= max) kept.push(part);
  return kept.length ? kept.join(' · ') : fitTo(parts[0] ?? '', max);
}

function costOption(option: OrukService['cost_options'][number]): string {
  const money = (n: number) => `£${Number.isInteger(n) ? n : n.toFixed(2)}`;
  const price = option.amount === null ? option.amount_description : option.amount === 0 ? 'Free' : [money(option.amount), option.amount_description].filter(Boolean).join(' ');
  return [option.option, price].filter(Boolean).join(': ');
}

/** assured_date is a day; any time or zone after it is ignored so it reads the same everywhere. */
function dateOf(value: string): Date | null {
  const day = /^\d{4}-\d{2}-\d{2}/.exec(value)?.[0];
  const date = day ? new Date(`${day}T00:00:00Z`) : null;
  return date && !Number.isNaN(date.getTime()) ? date : null;
}

// Words in taxonomy names (and failing those, the service's own words) that say which strength or
// need it serves. Several may match; the inbox lets a coach correct it.
const KEYWORDS: ReadonlyArray<readonly [Category, RegExp]> = [
  ['HOUSING', /\b(?:housing|homeless\w*|tenan(?:cy|ts?)|accommodation|rough sleep\w*|landlords?)\b/],
  ['MONEY', /\b(?:debts?|benefits?|money|financ\w*|food ?banks?|food parcels?|food clubs?|pantry|welfare rights|budget\w*|universal credit|citizens advice|fuel poverty)\b/],
  ['LEISURE', /\b(?:walk|walks|walking|sports?|leisure|swimming|swim|gym|fitness|football|cycling|dance|dancing|yoga|bowls)\b/],
  ['COMMUNITY_GROUPS', /\b(?:befriend\w*|social(?! (?:care|work\w*|services?|prescrib\w*))|lunch clubs?|luncheon clubs?|coffee mornings?|friendship|loneliness|isolation|community groups?|peer support|support groups?|volunteer\w*)\b/],
  ['SHARED_INTEREST_GROUPS', /\b(?:choirs?|book clubs?|reading groups?|mens? sheds?|men in sheds|knit and natter|(?:arts?|crafts?|music|gardening|knitting|photography|singing|walking|running|chess) (?:clubs?|groups?|class(?:es)?|societ(?:y|ies)|circles?))\b/],
  ['PASSIONS_AND_INTERESTS', /\b(?:arts?|crafts?|crafting|music\w*|gardening|allotments?|painting|drawing|pottery|knitting|sewing|singing|photography|cooking|baking|creative|creativity|writing|poetry|theatre|drama|heritage)\b/],
  ['HEALTH', /\b(?:health\w*|mental health|wellbeing|well being|physical activity|diabetes|dementia|stroke|stop smoking|weight|counsell\w*|anxiety|depression|stress)\b/],
  ['TRANSPORT', /\b(?:transport|bus|buses|dial a ride|ring and ride|travel|taxis?|driving)\b/],
  ['CARE_SERVICES', /\b(?:carers?|home care|social care|care homes?|respite|domiciliary|personal care|day centres?|home help)\b/],
  ['KNOWLEDGE_AND_SKILLS', /\b(?:education|learning|skills?|training|courses?|literacy|numeracy|esol|digital|computers?|qualifications?)\b/],
  ['SCHOOLS', /\b(?:schools?|nursery|nurseries|colleges?|sixth form|special educational needs|ehcp|pre ?school|early years|homework)\b/],
  ['COMMUNITY_BUILDINGS', /\b(?:community (?:centres?|centers?|halls?|hubs?|rooms?|buildings?)|village halls?|church halls?|librar(?:y|ies)|family hubs?|warm (?:spaces?|hubs?|banks?))\b/],
  ['NEIGHBOURS', /\b(?:neighbours?|good neighbou?r schemes?)\b/],
  ['RELATIONSHIPS', /\b(?:family support|parenting|relationships?)\b/],
  ['PERSONAL_QUALITIES', /\b(?:confidence|self esteem|assertiveness)\b/],
];

function keywordCategories(words: string): Category[] {
  const simple = words.toLowerCase().replace(/&/g, ' and ').replace(/['’]/g, '').replace(/[^\p{L}\p{N}]+/gu, ' ');
  return KEYWORDS.filter(([, pattern]) => pattern.test(simple)).map(([category]) => category);
}

const CATEGORY_BY_NAME = new Map(Object.entries(CATEGORY_NAMES).map(([category, name]) => [name.toLowerCase(), category as Category]));

function lanternCategory(term: z.output<typeof taxonomy>): Category | null {
  const code = /^lantern:(.+)$/i.exec(term.id)?.[1]?.toUpperCase() ?? '';
  const named = CATEGORY_BY_NAME.get(term.name.toLowerCase()) ?? categoryFromName(term.name);
  return [code, named].find((c): c is Category => (CATEGORIES as readonly string[]).includes(c)) ?? null;
}

/**
 * Lantern's own taxonomy maps exactly. Otherwise the most specific words that name a category win:
 * taxonomy names, then the service's name, then its description; then the check-in rules, then OTHER.
 */
function categoriesOf(taxonomys: OrukService['service_taxonomys'], name: string, description: string): Category[] {
  const terms = taxonomys.flatMap((t) => (t.taxonomy ? [t.taxonomy] : []));
  const ours = terms.filter((t) => t.vocabulary.toLowerCase() === LANTERN_VOCABULARY.toLowerCase()).map(lanternCategory);
  const exact = ours.filter((c): c is Category => c !== null);
  if (exact.length) return [...new Set(exact)];
  for (const words of [terms.map((t) => t.name).join(' | '), name, description]) {
    const found = keywordCategories(words);
    if (found.length) return found;
  }
  const message = normalise(`${name}. ${description}`);
  return [findWhatMatters(message.words, message.light)?.category ?? 'OTHER'];
}

// ---- export ----

export interface OrukFeed {
  content: object[];
  totalElements: number;
  totalPages: 1;
  number: 1;
  size: number;
  first: true;
  last: true;
}

/**
 * The directory as one ORUK page. Assets that came from ORUK keep their id there; Lantern's own
 * use Lantern's id. Categories go as Lantern's taxonomy, so importing this elsewhere is exact.
 */
export function assetsAsOruk(assets: readonly AssetView[], options: { publicBaseUrl: string; organisationName: string }): OrukFeed {
  const organization = {
    id: options.organisationName.toLowerCase().replace(/[^a-z\d]+/g, '-').replace(/^-|-$/g, '') || 'lantern',
    name: options.organisationName,
    url: options.publicBaseUrl.replace(/\/+$/, ''),
  };
  const content = assets.map((asset) => ({
    id: asset.externalId?.startsWith('oruk:') ? asset.externalId.slice('oruk:'.length) : asset.id,
    name: asset.name,
    description: asset.description,
    status: 'active',
    ...contactFields(asset.contact),
    ...(asset.cost ? { fees: asset.cost } : {}),
    ...(asset.lastVerifiedAt ? { assured_date: asset.lastVerifiedAt.toISOString().slice(0, 10) } : {}),
    organization,
    service_areas: [{ service_area: asset.area }],
    regular_schedules: asset.schedule ? [{ description: asset.schedule }] : [],
    service_at_locations: asset.accessibility ? [{ location: { name: asset.area, accessibility_for_disabilities: [{ accessibility: asset.accessibility }] } }] : [],
    service_taxonomys: asset.categories.map((category) => ({ taxonomy: { id: `lantern:${category}`, name: CATEGORY_NAMES[category], vocabulary: LANTERN_VOCABULARY } })),
  }));
  return { content, totalElements: content.length, totalPages: 1, number: 1, size: content.length, first: true, last: true };
}

/** Lantern keeps contact as one line ("a@b.org · 0161 234 5678"); ORUK wants it in fields. */
function contactFields(contact: string) {
  const parts = contact.split(' · ').map((p) => p.trim()).filter(Boolean);
  const email = parts.find((p) => /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(p));
  const url = parts.find((p) => /^(?:https?:\/\/|www\.)\S+$/i.test(p));
  const numbers = parts.filter((p) => /^\+?[\d\s()-]{7,20}$/.test(p) && p.replace(/\D/g, '').length >= 7);
  const other = parts.filter((p) => p !== email && p !== url && !numbers.includes(p));
  const contacts = other.length || numbers.length ? [{ ...(other.length ? { name: other.join(' · ') } : {}), phones: numbers.map((number) => ({ number })) }] : [];
  return { ...(email ? { email } : {}), ...(url ? { url } : {}), contacts };
}
