import fc from 'fast-check';

/** The parts of the OpenAPI document (and its JSON Schemas) the fuzzer reads. */
export interface JsonSchema {
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  items?: JsonSchema;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  allOf?: JsonSchema[];
  enum?: unknown[];
  const?: unknown;
  format?: string;
  $ref?: string;
}
interface Parameter {
  in: 'path' | 'query' | 'header' | 'cookie';
  name: string;
  schema?: JsonSchema;
}
interface OperationSpec {
  parameters?: Parameter[];
  requestBody?: { content?: Record<string, { schema?: JsonSchema }> };
}
export interface OpenApi {
  paths: Record<string, Record<string, OperationSpec>>;
  components?: { schemas?: Record<string, JsonSchema> };
}
export interface Operation {
  path: string;
  method: string;
  spec: OperationSpec;
}
/** Real ids and keys, so that some requests get past validation into the services. */
export interface Fixtures {
  ids: number[];
  widgetKey: string;
  /** Never used in a path: changing or disabling the fuzzing admin would end the run's admin access. */
  adminId: number;
}
export interface FuzzRequest {
  method: string;
  url: string;
  payload?: string;
  headers: Record<string, string>;
}

const LONG = 'x'.repeat(70_000);
const OVERSIZED = 'y'.repeat(1_100_000);
const DEEP_ARRAY = `${'['.repeat(3000)}${']'.repeat(3000)}`;

const edgeString = fc.oneof(
  fc.constantFrom(
    '',
    ' ',
    '\u0000',
    'a\u0000b',
    '\u202eevil\u202c',
    '\u200f\u2066x\u2069',
    '👋🏽 Ünïcødé 日本 שלום',
    '\uD800',
    '\u0007\u001b[31m',
    LONG,
    '%',
    '_',
    '\\',
    '%_\\',
    '../../etc/passwd',
    '<script>alert(1)</script>',
    "' or 1=1 --",
    '99999999999',
    '-1',
    '0',
    '2147483648',
    '1.5',
    'NaN',
    'Infinity',
    'null',
    'true',
    '[]',
    '{}',
    '__proto__',
    'constructor',
    'a@b.test',
    '#1f6feb',
    'en',
    '12',
  ),
  fc.string({ unit: 'binary', maxLength: 30 }),
);
/** encodeURIComponent, with a lone surrogate sent as the invalid UTF-8 it would be. */
const encode = (s: string) => {
  try {
    return encodeURIComponent(s);
  } catch {
    return '%ED%A0%80';
  }
};

const edgeNumber = fc.oneof(
  fc.constantFrom(0, -1, 1, 2, 2147483647, 2147483648, 99999999999, 1.5, -0, Number.MAX_SAFE_INTEGER, 1e308, -1e308),
  fc.integer(),
  fc.double(),
);

/** Any edge case of any JSON type, shallow or nested. */
export const edgeValue: fc.Arbitrary<unknown> = fc.oneof(
  { depthSize: 'small' },
  edgeString,
  edgeNumber,
  fc.boolean(),
  fc.constant(null),
  fc.constantFrom([], {}, [[[[[]]]]], { a: { b: { c: {} } } }, { __proto__: { admin: true } }, Array(500).fill(1)),
  fc.array(edgeNumber, { maxLength: 3 }),
  fc.jsonValue({ maxDepth: 3 }),
);

/** A value shaped like the schema most of the time (to get past validation), an edge case otherwise. */
function valueFor(schema: JsonSchema | undefined, doc: OpenApi, fixtures: Fixtures, depth = 0): fc.Arbitrary<unknown> {
  if (!schema || depth > 4) return edgeValue;
  if (schema.$ref) return valueFor(doc.components?.schemas?.[schema.$ref.split('/').pop()!], doc, fixtures, depth + 1);
  const variants = schema.anyOf ?? schema.oneOf ?? schema.allOf;
  if (variants) return fc.oneof(...variants.map((v) => valueFor(v, doc, fixtures, depth + 1)), edgeValue);
  if (schema.const !== undefined) return fc.oneof({ weight: 4, arbitrary: fc.constant(schema.const) }, edgeValue);
  if (schema.enum) return fc.oneof({ weight: 3, arbitrary: fc.constantFrom(...schema.enum) }, edgeValue);
  const type = Array.isArray(schema.type) ? schema.type[0] : schema.type;
  switch (type) {
    case 'object': {
      const props = Object.fromEntries(Object.entries(schema.properties ?? {}).map(([k, v]) => [k, valueFor(v, doc, fixtures, depth + 1)]));
      return fc.oneof({ weight: 4, arbitrary: fc.record(props) }, fc.record(props, { requiredKeys: [] }), edgeValue);
    }
    case 'array':
      return fc.oneof({ weight: 3, arbitrary: fc.array(valueFor(schema.items, doc, fixtures, depth + 1), { maxLength: 4 }) }, edgeValue);
    case 'integer':
    case 'number':
      return fc.oneof({ weight: 2, arbitrary: fc.constantFrom(...fixtures.ids) }, edgeNumber, edgeValue);
    case 'boolean':
      return fc.oneof({ weight: 3, arbitrary: fc.boolean() }, edgeValue);
    case 'string':
      return schema.format === 'email' ? fc.oneof(fc.constantFrom('a@b.test', 'a\u0000@b.test', `${LONG}@b.test`), edgeString) : edgeString;
    default:
      return edgeValue;
  }
}

const pathValue = (fixtures: Fixtures) =>
  fc
    .oneof(
      { weight: 2, arbitrary: fc.constantFrom(...fixtures.ids.map(String), fixtures.widgetKey) },
      fc.constantFrom('99999999999', '2147483648', '0', '-1', '1.5', '1e3', 'abc', ' 1', '0x10', '%00', '%E2%80%AE'),
      edgeString.map(encode),
    )
    .filter((v) => v !== String(fixtures.adminId) && v !== '');

/** The body: JSON shaped like the schema, broken JSON, the wrong content type, deep nesting or too large. */
type Body = { payload?: string; headers: Record<string, string> };

function bodyFor(op: Operation, doc: OpenApi, fixtures: Fixtures): fc.Arbitrary<Body> {
  const json = (payload: string): Body => ({ payload, headers: { 'content-type': 'application/json' } });
  const schema = op.spec.requestBody?.content?.['application/json']?.schema;
  return fc.oneof(
    { weight: 6, arbitrary: valueFor(schema, doc, fixtures).map((v) => json(JSON.stringify(v) ?? 'null')) },
    fc.constantFrom('', 'not json', '{"a":', '1e999', '"\\u0000"', DEEP_ARRAY, JSON.stringify({ body: OVERSIZED })).map(json),
    fc.constantFrom<Body>(
      { payload: 'hello', headers: { 'content-type': 'text/plain' } },
      { payload: 'a=1&b=2', headers: { 'content-type': 'application/x-www-form-urlencoded' } },
      { payload: '{}', headers: { 'content-type': 'application/json; charset=latin1' } },
      { payload: undefined, headers: {} },
    ),
  );
}

/** Query strings: each declared parameter absent, an edge value, or given twice; plus an undeclared one. */
function queryFor(op: Operation): fc.Arbitrary<string> {
  const names = (op.spec.parameters ?? []).filter((p) => p.in === 'query').map((p) => p.name);
  const one = (name: string) =>
    fc.oneof(
      fc.constant([] as string[]),
      edgeString.map((v) => [`${name}=${encode(v)}`]),
      fc.tuple(edgeString, edgeString).map(([a, b]) => [`${name}=${encode(a)}`, `${name}=${encode(b)}`]),
      fc.constantFrom([`${name}=%00`], [`${name}=99999999999`], [`${name}[]=1`], [`${name}`], [`${name}=%`]),
    );
  return fc.tuple(...[...names, 'unknownParam'].map(one)).map((parts) => {
    const all = parts.flat();
    return all.length ? `?${all.join('&')}` : '';
  });
}

export function requestFor(op: Operation, doc: OpenApi, fixtures: Fixtures): fc.Arbitrary<FuzzRequest> {
  const params = [...op.path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]!);
  const hasBody = ['POST', 'PUT', 'PATCH', 'DELETE'].includes(op.method);
  return fc
    .tuple(fc.tuple(...params.map(() => pathValue(fixtures))), queryFor(op), hasBody ? bodyFor(op, doc, fixtures) : fc.constant<Body>({ headers: {} }))
    .map(([values, query, body]): FuzzRequest => {
      let i = 0;
      const path = op.path.replace(/\{\w+\}/g, () => values[i++]!);
      return { method: op.method, url: `${path}${query}`, headers: body.headers, ...(body.payload === undefined ? {} : { payload: body.payload }) };
    });
}
