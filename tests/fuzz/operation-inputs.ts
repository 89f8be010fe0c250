import fc from 'fast-check';
import { z } from 'zod';
import type { Operation } from '../../src/api/openapi';
import { anyValue, hostilePathSegment, hostileQueryPart, hostileString, pollutionPayload, POLLUTING_KEYS, wellFormed, withOwnKey, wrongTypeValue } from './arbitraries';

// Requests for one documented operation, derived from its own zod schemas (through their JSON
// Schema), so a new route in OPERATIONS is fuzzed without anyone writing a generator for it.
// Most inputs are almost right (the right fields, hostile values) so they get past the first
// check and reach deeper code; the rest are wrong in every way a client can be wrong.

/** Ids that exist, so generated requests also reach the code behind "not found". */
export interface KnownIds {
  uuids: string[];
  /** Strings some field accepts (categories, ODS codes, dates, phone numbers), for free-text fields whose schema cannot say so. */
  words: string[];
}

type JsonSchema = {
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  items?: JsonSchema;
  enum?: unknown[];
  const?: unknown;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  format?: string;
  pattern?: string;
  maxLength?: number;
  minLength?: number;
  minimum?: number;
  maximum?: number;
  maxItems?: number;
  default?: unknown;
};

const toJsonSchema = (schema: z.ZodType): JsonSchema => z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as JsonSchema;

/** A value that fits the schema's shape, with hostile content wherever the schema allows it. */
export function plausible(schema: JsonSchema, ids: KnownIds, depth = 0): fc.Arbitrary<unknown> {
  const alternatives = schema.anyOf ?? schema.oneOf;
  if (alternatives) return fc.oneof(...alternatives.map((s) => plausible(s, ids, depth)));
  if (schema.const !== undefined) return fc.constant(schema.const);
  if (schema.enum) return fc.constantFrom(...schema.enum);
  const type = Array.isArray(schema.type) ? schema.type[0] : schema.type;
  switch (type) {
    case 'string':
      return plausibleString(schema, ids);
    case 'integer':
    case 'number': {
      const min = schema.minimum ?? -1000;
      const max = schema.maximum ?? 100_000;
      return fc.oneof({ weight: 8, arbitrary: fc.integer({ min: Math.ceil(min), max: Math.floor(max) }) }, { weight: 1, arbitrary: fc.constantFrom(min - 1, max + 1, 0.5, -0, Number.MAX_SAFE_INTEGER) });
    }
    case 'boolean':
      return fc.boolean();
    case 'null':
      return fc.constant(null);
    case 'array':
      return fc.oneof(
        { weight: 5, arbitrary: fc.array(schema.items && depth < 3 ? plausible(schema.items, ids, depth + 1) : anyValue, { maxLength: Math.min(schema.maxItems ?? 5, 5) }) },
        { weight: 1, arbitrary: fc.array(anyValue, { maxLength: (schema.maxItems ?? 5) + 2 }) },
      );
    case 'object':
      return depth < 3 ? plausibleObject(schema, ids, depth) : fc.constant({});
    default:
      return anyValue;
  }
}

function plausibleString(schema: JsonSchema, ids: KnownIds): fc.Arbitrary<string> {
  if (schema.format === 'uuid') return fc.oneof({ weight: 3, arbitrary: fc.constantFrom(...ids.uuids) }, { weight: 1, arbitrary: fc.uuid() }, { weight: 1, arbitrary: hostileString });
  const fitting = hostileString.map((s) => (schema.maxLength !== undefined ? s.slice(0, schema.maxLength) : s));
  const options: Array<fc.WeightedArbitrary<string>> = [{ weight: 2, arbitrary: fitting }, { weight: 1, arbitrary: hostileString }, { weight: 2, arbitrary: fc.constantFrom(...ids.words) }];
  if (schema.pattern) {
    try {
      options.push({ weight: 3, arbitrary: fc.stringMatching(new RegExp(schema.pattern)) });
    } catch {
      // a pattern fast-check cannot generate from: the hostile strings still probe it
    }
  }
  return fc.oneof(...options);
}

function plausibleObject(schema: JsonSchema, ids: KnownIds, depth: number): fc.Arbitrary<Record<string, unknown>> {
  const properties = schema.properties ?? {};
  const required = new Set(schema.required ?? []);
  const fields = Object.fromEntries(Object.entries(properties).map(([key, property]) => [key, plausible(property, ids, depth + 1)]));
  return fc.record(fields, { requiredKeys: Object.keys(properties).filter((key) => required.has(key)) }) as fc.Arbitrary<Record<string, unknown>>;
}

/** A body as sent on the wire: its bytes and Content-Type. */
export interface WireBody {
  contentType: string | null;
  body: string | Buffer | null;
  describe: string;
}

const json = (value: unknown, describe: string): WireBody => ({ contentType: 'application/json', body: JSON.stringify(value), describe });

/** Broken bodies any route may receive. */
const brokenBodies: fc.Arbitrary<WireBody> = fc.oneof(
  fc.constantFrom<WireBody>(
    { contentType: 'application/json', body: '{', describe: 'truncated JSON' },
    { contentType: 'application/json', body: '{"text": "a", }', describe: 'trailing comma' },
    { contentType: 'application/json', body: '', describe: 'empty JSON body' },
    { contentType: 'application/json', body: 'null', describe: 'JSON null' },
    { contentType: 'application/json', body: '"just a string"', describe: 'JSON string' },
    { contentType: 'application/json', body: '12345678901234567890123456789', describe: 'huge number' },
    { contentType: 'application/json', body: '[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]', describe: 'deep nesting' },
    { contentType: 'application/json', body: Buffer.from([0x7b, 0x22, 0x74, 0x65, 0x78, 0x74, 0x22, 0x3a, 0x22, 0xc3, 0x28, 0xff, 0xfe, 0x22, 0x7d]), describe: 'invalid UTF-8 inside JSON' },
    { contentType: 'application/json', body: Buffer.from('\ufeff{}', 'utf8'), describe: 'byte order mark' },
    { contentType: 'application/json; charset=utf-16', body: Buffer.from('{"a":1}', 'utf16le'), describe: 'UTF-16 JSON' },
    { contentType: 'application/x-www-form-urlencoded', body: 'text=hello&body=%zz&__proto__[polluted]=yes', describe: 'a form' },
    { contentType: 'text/plain', body: 'hello', describe: 'plain text' },
    { contentType: 'multipart/form-data; boundary=x', body: '--x\r\nContent-Disposition: form-data; name="text"\r\n\r\nhi\r\n--x--\r\n', describe: 'multipart' },
    { contentType: null, body: '{"text":"hi"}', describe: 'JSON without a Content-Type' },
    { contentType: 'application/json', body: `{"a":"${'x'.repeat(200 * 1024)}"}`, describe: 'a 200 KB body' },
    { contentType: 'application/json', body: `{"__proto__":{"polluted":"yes"},"constructor":{"prototype":{"polluted":"yes"}}}`, describe: 'prototype pollution' },
  ),
  wrongTypeValue.map((value) => json(value, 'a value of the wrong type')),
  fc.string({ unit: 'binary', maxLength: 200 }).map((text) => ({ contentType: 'application/json', body: Buffer.from(text, 'latin1'), describe: 'random bytes as JSON' })),
);

/** Bodies for an operation: mostly its own shape with hostile values; also mutated and broken ones. */
export function bodiesFor(op: Operation, ids: KnownIds): fc.Arbitrary<WireBody> {
  if (!op.body) return fc.oneof({ weight: 1, arbitrary: fc.constant<WireBody>({ contentType: null, body: null, describe: 'no body' }) }, { weight: 1, arbitrary: brokenBodies });
  const schema = toJsonSchema(op.body);
  const shaped = plausible(schema, ids);
  const polluted = fc.tuple(shaped, fc.constantFrom(...POLLUTING_KEYS), pollutionPayload).map(([value, key, payload]) =>
    json(typeof value === 'object' && value !== null && !Array.isArray(value) ? withOwnKey({ ...(value as Record<string, unknown>) }, key, payload) : value, `with an own "${key}" key`));
  const extraKey = fc.tuple(shaped, hostileString, anyValue).map(([value, key, extra]) =>
    json(typeof value === 'object' && value !== null ? { ...(value as object), [wellFormed(key).slice(0, 100) || 'extra']: extra } : value, 'with an extra key'));
  const wrongField = fc.tuple(shaped, fc.constantFrom(...Object.keys(schema.properties ?? {}), 'unexpected'), wrongTypeValue).map(([value, key, wrong]) =>
    json(typeof value === 'object' && value !== null ? { ...(value as object), [key]: wrong } : value, `with ${key} of the wrong type`));
  return fc.oneof(
    { weight: 6, arbitrary: shaped.map((value) => json(value, 'shaped like the schema')) },
    { weight: 2, arbitrary: wrongField },
    { weight: 1, arbitrary: extraKey },
    { weight: 1, arbitrary: polluted },
    { weight: 2, arbitrary: brokenBodies },
  );
}

/** The path with each {param} filled in: a known id, a random one, or something hostile. */
export function pathsFor(op: Operation, ids: KnownIds): fc.Arbitrary<string> {
  const names = [...op.path.matchAll(/\{(\w+)\}/g)].map((m) => m[1] as string);
  if (names.length === 0) return fc.constant(op.path);
  const segmentFor = (name: string) => {
    const schema = op.pathParams?.[name];
    const values = schema ? toJsonSchema(schema) : {};
    const valid = values.enum ? fc.constantFrom(...(values.enum as string[])) : fc.constantFrom(...ids.uuids);
    return fc.oneof({ weight: 3, arbitrary: valid }, { weight: 2, arbitrary: hostilePathSegment });
  };
  return fc.tuple(...names.map(segmentFor)).map((segments) => names.reduce((path, name, i) => path.replace(`{${name}}`, segments[i] as string), op.path));
}

/** A query string for the operation: its own parameters, some valid, some hostile, plus strangers. */
export function queriesFor(op: Operation, ids: KnownIds): fc.Arbitrary<string> {
  const shape = op.query?.shape ?? {};
  const parts = Object.entries(shape).map(([key, schema]) =>
    fc.oneof(
      { weight: 3, arbitrary: plausible(toJsonSchema(schema as z.ZodType), ids).map((v) => (v === undefined ? '' : `${key}=${encodeURIComponent(wellFormed(typeof v === 'string' ? v : JSON.stringify(v) ?? ''))}`)) },
      { weight: 1, arbitrary: hostileQueryPart(key) },
      { weight: 2, arbitrary: fc.constant('') },
    ));
  const stranger = fc.oneof(fc.constant(''), hostileQueryPart('unexpected'), hostileQueryPart('__proto__'));
  return fc.tuple(fc.tuple(...parts, stranger), fc.boolean()).map(([all, shuffled]) => {
    const present = (all as string[]).filter((p) => p !== '');
    if (shuffled) present.reverse();
    return present.length ? `?${present.join('&')}` : '';
  });
}
