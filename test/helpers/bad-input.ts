// Bad requests for an endpoint, made from its OpenAPI description and one valid request (its
// "base"): each case spoils one thing of the base — the whole body, one field, one parameter —
// so that what the endpoint answers is about that one thing.
import { gzipSync } from 'node:zlib';
import type { InjectOptions } from 'fastify';
import type { Endpoint, JsonSchema } from './openapi.ts';

export interface RequestParts {
  /** Path parameters, put into the path exactly as given (already percent-encoded). */
  params: Record<string, string>;
  /** Query parameters, exactly as given (already percent-encoded). */
  query: Record<string, string>;
  headers: Record<string, string>;
  /** A JSON body, sent as application/json. */
  body?: unknown;
  /** A body sent byte for byte, instead of `body`; no content-type header when it has none. */
  raw?: { payload: string | Buffer; contentType?: string };
}

export interface BadCase {
  label: string;
  request: RequestParts;
  /** The one status the case must get, where only one is right. */
  status?: number;
}

export function toInjectOptions(endpoint: Endpoint, parts: RequestParts): InjectOptions {
  const path = endpoint.path.replace(/\{(\w+)\}/g, (_, name: string) => parts.params[name] ?? '');
  const query = Object.entries(parts.query)
    .map(([name, value]) => `${encodeURIComponent(name)}=${value}`)
    .join('&');
  const headers = { ...parts.headers };
  let payload: string | Buffer | undefined;
  if (parts.raw) {
    payload = parts.raw.payload;
    if (parts.raw.contentType) headers['content-type'] = parts.raw.contentType;
  } else if (parts.body !== undefined) {
    payload = JSON.stringify(parts.body);
    headers['content-type'] = 'application/json';
  }
  return { method: endpoint.method as 'POST', url: query ? `${path}?${query}` : path, headers, payload };
}

// ---------------------------------------------------------------------------------------------
// Values

const MiB = 1024 * 1024;
/** Over every body limit of the API (1 MiB JSON, 3 MiB Excel files, 4 MiB sync batches). */
const OVERSIZED = `{"x":"${'a'.repeat(5 * MiB)}"}`;
const HUGE_STRING = 'a'.repeat(100_000);
let bomb: Buffer | undefined;
/** Valid JSON that unpacks to far more than any body limit (made once, when first needed). */
const gzipBomb = () => {
  bomb ??= gzipSync(`{"x":"${' '.repeat(64 * MiB)}"}`);
  return bomb;
};
const deepArrays = (depth: number) => `${'['.repeat(depth)}${']'.repeat(depth)}`;
const deepObjects = (depth: number) => `${'{"a":'.repeat(depth)}0${'}'.repeat(depth)}`;

/** Byte sequences that are not UTF-8: a stray byte, a cut sequence, an encoded surrogate, overlong, too long. */
const INVALID_UTF8 = [[0xff], [0xc3, 0x28], [0xed, 0xa0, 0x80], [0xc0, 0xaf], [0xf8, 0x88, 0x80, 0x80, 0x80]];

/** Text JSON can carry but no text column can hold: lone surrogates, the NUL character. */
const BAD_UNICODE: [string, string][] = [
  ['a lone high surrogate', 'x\ud800y'],
  ['a lone low surrogate', '\udc00'],
  ['a NUL character', 'a\u0000b'],
];

/** SQL and script payloads: harmless text where free text is allowed, never valid in a code, id or date. */
const INJECTIONS = [
  "' OR '1'='1",
  '1; DROP TABLE users; --',
  "'; SELECT pg_sleep(5); --",
  '<script>alert(1)</script>',
  // Template syntax of a few engines, should any text ever reach one.
  // biome-ignore lint/suspicious/noTemplateCurlyInString: the payload is that very text.
  '{{7*7}}${7*7}',
];

const MALFORMED_JSON = [
  '{',
  '{"a":1,}',
  "{'a':1}",
  '{"a":1}}',
  '{"a":01}',
  '{"a":NaN}',
  '{"a":undefined}',
  '[1,2',
  '"unterminated',
  '\u0000{}',
];

const WRONG_CONTENT_TYPES = [
  'text/plain',
  'text/html',
  'application/xml',
  'application/x-www-form-urlencoded',
  'multipart/form-data; boundary=x',
  'application/octet-stream',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  'image/png',
];

/** Garbage for a path or query parameter, percent-encoded where it is text, raw where it is bytes. */
const GARBAGE_PARAMETERS: [string, string][] = [
  ...INJECTIONS.map((text): [string, string] => [`"${text}"`, encodeURIComponent(text)]),
  ['a huge string', encodeURIComponent(HUGE_STRING.slice(0, 10_000))],
  ['a path traversal', '..%2F..%2Fetc%2Fpasswd'],
  ['-1', '-1'],
  ['1e309', '1e309'],
  ['a NUL byte', '%00'],
  ['a non-UTF-8 byte', '%FF'],
  ['an encoded lone surrogate', '%ED%A0%80'],
  ['an overlong sequence', '%C0%AF'],
  ['a cut percent-encoding', '%E0%A4%A'],
  ['a lone percent sign', '%'],
];

// ---------------------------------------------------------------------------------------------
// JSON schemas

type JsonType = 'string' | 'number' | 'boolean' | 'null' | 'array' | 'object';
const SAMPLE_OF_TYPE: Record<JsonType, unknown> = {
  string: 'x',
  number: 12345,
  boolean: true,
  null: null,
  array: [],
  object: {},
};

function jsonTypeOf(value: unknown): JsonType {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  return typeof value as JsonType;
}

/** The JSON types a schema allows; undefined when it allows anything. */
function typesOf(schema: JsonSchema): Set<JsonType> | undefined {
  const branches = schema.anyOf ?? schema.oneOf;
  if (branches) {
    const each = branches.map(typesOf);
    return each.some((t) => t === undefined) ? undefined : new Set(each.flatMap((t) => [...t!]));
  }
  if (schema.const !== undefined) return new Set([jsonTypeOf(schema.const)]);
  if (schema.enum) return new Set(schema.enum.map(jsonTypeOf));
  if (schema.type === undefined) return undefined;
  const types = [schema.type].flat().map((t) => (t === 'integer' ? 'number' : t));
  return new Set(types as JsonType[]);
}

/** A string the schema restricts to a code, an id, a date…: no free text fits it. */
const isConstrainedText = (schema: JsonSchema) =>
  Boolean(schema.enum || schema.const !== undefined || schema.pattern || schema.format);

/** The branch of an anyOf the base body follows (the first whose required fields it has). */
function branchFor(schema: JsonSchema, value: unknown): JsonSchema {
  const branches = schema.anyOf ?? schema.oneOf;
  if (!branches) return schema;
  const present = value && typeof value === 'object' ? Object.keys(value) : [];
  return branches.find((b) => (b.required ?? []).every((key) => present.includes(key))) ?? branches[0]!;
}

type FieldPath = (string | number)[];

/** Every field the schema declares, down objects and the base's first array item. */
function fieldsOf(schema: JsonSchema, value: unknown, path: FieldPath = []): [FieldPath, JsonSchema][] {
  const branch = branchFor(schema, value);
  const fields: [FieldPath, JsonSchema][] = [];
  for (const [name, property] of Object.entries(branch.properties ?? {})) {
    const inner = (value as Record<string, unknown> | undefined)?.[name];
    fields.push([[...path, name], property], ...fieldsOf(property, inner, [...path, name]));
  }
  if (branch.items && Array.isArray(value) && value.length > 0)
    fields.push(...fieldsOf(branch.items, value[0], [...path, 0]));
  return fields;
}

function withValueAt(body: unknown, path: FieldPath, value: unknown): unknown {
  const copy = structuredClone(body) as Record<string | number, unknown>;
  let target = copy;
  path.slice(0, -1).forEach((step, i) => {
    target[step] ??= typeof path[i + 1] === 'number' ? [] : {};
    target = target[step] as Record<string | number, unknown>;
  });
  target[path.at(-1)!] = value;
  return copy;
}

const PLACEHOLDER = 'bad-input-placeholder-5f1c';

/** The body's JSON text with the value at `path` replaced by raw JSON text or bytes. */
function jsonWithRawValue(body: unknown, path: FieldPath, raw: string | Buffer): string | Buffer {
  const [before, after] = JSON.stringify(withValueAt(body, path, PLACEHOLDER)).split(`"${PLACEHOLDER}"`) as [
    string,
    string,
  ];
  return typeof raw === 'string'
    ? before + raw + after
    : Buffer.concat([Buffer.from(before), raw, Buffer.from(after)]);
}

const invalidUtf8String = (bytes: number[]) =>
  Buffer.concat([Buffer.from('"a'), Buffer.from(bytes), Buffer.from('b"')]);

// ---------------------------------------------------------------------------------------------
// Cases

const withRaw = (base: RequestParts, payload: string | Buffer, contentType?: string): RequestParts => ({
  ...base,
  body: undefined,
  raw: { payload, ...(contentType ? { contentType } : {}) },
});

/** The whole body spoilt: not JSON, not UTF-8, too deep, too big, or of another media type. */
export function bodyCases(endpoint: Endpoint, base: RequestParts): BadCase[] {
  const json = 'application/json';
  const baseText = base.raw?.payload ?? JSON.stringify(base.body ?? {});
  const objectBase = base.body && typeof base.body === 'object' && !Array.isArray(base.body) ? base.body : {};
  const cases: BadCase[] = [
    ...MALFORMED_JSON.map((text) => ({
      label: `malformed JSON ${JSON.stringify(text)}`,
      request: withRaw(base, text, json),
    })),
    { label: 'an empty JSON body', request: withRaw(base, '', json) },
    { label: 'arrays nested 100,000 deep', request: withRaw(base, deepArrays(100_000), json) },
    { label: 'objects nested 20,000 deep', request: withRaw(base, deepObjects(20_000), json) },
    ...INVALID_UTF8.map((bytes) => ({
      label: `bytes that are not UTF-8 (${Buffer.from(bytes).toString('hex')})`,
      request: withRaw(
        base,
        Buffer.concat([Buffer.from('{"x":'), invalidUtf8String(bytes), Buffer.from('}')]),
        json,
      ),
    })),
    ...BAD_UNICODE.map(([what, text]) => ({
      label: `a key with ${what}`,
      request: withRaw(base, JSON.stringify({ ...objectBase, [text]: 'x' }), json),
    })),
    { label: 'a body of 5 MiB', request: withRaw(base, OVERSIZED, json), status: 413 },
    {
      label: 'a body that says it is gzip but is not',
      request: { ...withRaw(base, baseText, json), headers: { ...base.headers, 'content-encoding': 'gzip' } },
    },
    {
      label: 'a gzip bomb (64 MiB of JSON in 64 KiB)',
      request: {
        ...withRaw(base, gzipBomb(), json),
        headers: { ...base.headers, 'content-encoding': 'gzip' },
      },
    },
    {
      label: 'a content encoding no endpoint takes',
      request: { ...withRaw(base, baseText, json), headers: { ...base.headers, 'content-encoding': 'br' } },
    },
    // A file upload (the base has one) takes its own type and the generic one for any file.
    ...WRONG_CONTENT_TYPES.filter(
      (type) => !base.raw || ![base.raw.contentType, 'application/octet-stream'].includes(type),
    ).map((type) => ({
      label: `the body as ${type}`,
      request: withRaw(base, baseText, type),
      status: type === 'application/json' ? undefined : 415,
    })),
    { label: 'a body without a content type', request: withRaw(base, baseText), status: 415 },
  ];
  if (endpoint.body) {
    // Only an endpoint that reads a JSON body can tell that its type is wrong.
    for (const text of [
      '[]',
      '42',
      'null',
      'true',
      JSON.stringify(INJECTIONS[0]),
      JSON.stringify(INJECTIONS[3]),
    ])
      cases.push({ label: `a body of ${text}`, request: withRaw(base, text, json) });
  }
  return cases;
}

const CONTAINER_TYPES: JsonType[] = ['object', 'array'];
const SCALAR_TYPES: JsonType[] = ['number', 'string', 'boolean', 'null'];
const DEEP_VALUES: [string, string][] = [
  ['arrays nested 5,000 deep', deepArrays(5_000)],
  ['objects nested 5,000 deep', deepObjects(5_000)],
];

/** The i-th of a list, round and round: fields take turns with the variants of a kind of garbage. */
const nth = <T>(list: readonly T[], i: number): T => list[i % list.length]!;

/**
 * One field of the JSON body spoilt, the rest of the base kept. Each field gets each kind of
 * garbage once; where a kind has variants (which wrong type, which bad character…), the fields
 * take turns, so every variant is tried on some fields and the suite stays quick.
 */
export function fieldCases(endpoint: Endpoint, base: RequestParts): BadCase[] {
  if (!endpoint.body || base.body === undefined) return [];
  const cases: BadCase[] = [];
  const json = 'application/json';
  fieldsOf(endpoint.body, base.body).forEach(([path, schema], i) => {
    const name = path.join('.');
    const spoil = (label: string, value: unknown) =>
      cases.push({
        label: `${name}: ${label}`,
        request: { ...base, body: withValueAt(base.body, path, value) },
      });
    const spoilRaw = (label: string, raw: string | Buffer) =>
      cases.push({
        label: `${name}: ${label}`,
        request: withRaw(base, jsonWithRawValue(base.body, path, raw), json),
      });

    const types = typesOf(schema);
    if (types) {
      const allowed = [...types].join(' or ');
      for (const candidates of [CONTAINER_TYPES, SCALAR_TYPES]) {
        const wrong = candidates.filter((type) => !types.has(type));
        if (wrong.length > 0)
          spoil(`a ${nth(wrong, i)} instead of ${allowed}`, SAMPLE_OF_TYPE[nth(wrong, i)]);
      }
    }
    const [nesting, text] = nth(DEEP_VALUES, i);
    spoilRaw(nesting, text);
    if (types?.has('string') !== false) {
      // Free text may hold anything short enough; the rest of the checks apply to every string.
      spoil('a string of 100,000 characters', HUGE_STRING);
      const [what, badText] = nth(BAD_UNICODE, i);
      spoil(what, badText);
      const bytes = nth(INVALID_UTF8, i);
      spoilRaw(`bytes that are not UTF-8 (${Buffer.from(bytes).toString('hex')})`, invalidUtf8String(bytes));
      if (isConstrainedText(schema))
        for (const text of [nth(INJECTIONS, 2 * i), nth(INJECTIONS, 2 * i + 1)])
          spoil(JSON.stringify(text), text);
    }
    if (types?.has('array')) {
      const current = path.reduce<unknown>((v, step) => (v as Record<string, unknown>)?.[step], base.body);
      const item = Array.isArray(current) && current.length > 0 ? current[0] : 'x';
      const length = Math.min((schema.maxItems ?? 50_000) + 1, 50_001);
      spoil(
        `${length} items`,
        Array.from({ length }, () => item),
      );
    }
  });
  return cases;
}

/** One path, query or header parameter replaced with garbage. */
export function parameterCases(endpoint: Endpoint, base: RequestParts): BadCase[] {
  return endpoint.parameters.flatMap((parameter) => {
    const where = parameter.in === 'path' ? 'params' : parameter.in === 'query' ? 'query' : 'headers';
    const garbage =
      parameter.in === 'header'
        ? // A header carries no percent-encoding and no control characters; its garbage is plain text.
          [...INJECTIONS, HUGE_STRING.slice(0, 4000), 'not-a-uuid'].map((text): [string, string] => [
            JSON.stringify(text),
            text,
          ])
        : GARBAGE_PARAMETERS;
    const cases = garbage.map(([label, value]) => ({
      label: `${parameter.in} ${parameter.name}: ${label}`,
      request: { ...base, [where]: { ...base[where], [parameter.name]: value } },
    }));
    if (parameter.in === 'query')
      cases.push({
        label: `query ${parameter.name}: given twice`,
        request: {
          ...base,
          query: { ...base.query, [parameter.name]: `a&${encodeURIComponent(parameter.name)}=b` },
        },
      });
    return cases;
  });
}
