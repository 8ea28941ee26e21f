// A validator for the part of JSON Schema that CRD and module-settings schemas use (type, properties, required,
// additionalProperties, enum, minimum/maximum, pattern, items, minItems/maxItems, minLength, oneOf, and the ipv4
// format as the API server checks it: go-openapi strfmt's IsIPv4, net.ParseIP of a text with a dot).
// Why not Ajv: Ajv compiles every schema to code at start-up (~100 ms of a CLI run before anything is checked),
// and these schemas need none of what it adds. A property test checks this validator against Ajv.

export type SchemaType = 'string' | 'number' | 'integer' | 'boolean' | 'object' | 'array';

export interface Schema {
  type?: SchemaType | SchemaType[];
  properties?: Record<string, Schema>;
  additionalProperties?: boolean | Schema;
  required?: string[];
  enum?: unknown[];
  minimum?: number;
  maximum?: number;
  pattern?: string;
  items?: Schema;
  minItems?: number;
  maxItems?: number;
  minLength?: number;
  /** Exactly one of these must hold (the module's CRDs use it for alternative patterns). */
  oneOf?: Schema[];
  format?: 'ipv4';
  description?: string;
}

export type SchemaPath = (string | number)[];

export interface SchemaError {
  keyword: 'type' | 'required' | 'additionalProperties' | 'enum' | 'minimum' | 'maximum' | 'pattern' | 'minItems' | 'maxItems' | 'minLength' | 'oneOf' | 'format';
  /** Where the offending value is (for required: the object missing the key; for additionalProperties: the unknown key). */
  path: SchemaPath;
  /** A short reason, without the path. */
  message: string;
  /** For additionalProperties: the keys the schema knows there. */
  known?: string[];
  /** For required: the missing key. */
  missing?: string;
}

function typeOf(value: unknown): SchemaType | 'null' {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'number';
  return typeof value as SchemaType;
}

function matchesType(value: unknown, type: SchemaType): boolean {
  const actual = typeOf(value);
  return actual === type || (type === 'number' && actual === 'integer');
}

const patterns = new Map<string, RegExp>();
function regex(pattern: string): RegExp {
  let compiled = patterns.get(pattern);
  if (!compiled) patterns.set(pattern, (compiled = new RegExp(pattern, 'u')));
  return compiled;
}

/** go-openapi strfmt IsIPv4: net.ParseIP accepts it and it contains a dot. */
function isIpv4Format(text: string): boolean {
  return text.includes('.') && IPV4_OR_MAPPED.test(text);
}
const IPV4_OR_MAPPED = /^(?:(?:[0-9a-fA-F:]*:)?(?:(?:25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9]?[0-9])\.){3}(?:25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9]?[0-9]))$/;

const describeType = (type: SchemaType | SchemaType[]) => (Array.isArray(type) ? type.join(' or ') : type);

interface Walk {
  readonly errors: SchemaError[];
  /** One path stack for the whole walk, copied only when an error is recorded: validation runs on every document. */
  readonly stack: (string | number)[];
}

function record(walk: Walk, keyword: SchemaError['keyword'], message: string, extra?: Partial<SchemaError>): void {
  walk.errors.push({keyword, path: [...walk.stack], message, ...extra});
}

function visit(walk: Walk, schema: Schema, value: unknown): void {
  const actual = typeOf(value);
  if (schema.type !== undefined) {
    const ok = Array.isArray(schema.type) ? schema.type.some((t) => matchesType(value, t)) : matchesType(value, schema.type);
    if (!ok) {
      record(walk, 'type', `must be ${describeType(schema.type)}, not ${actual}`);
      return;
    }
  }
  if (schema.oneOf) {
    const matching = schema.oneOf.filter((sub) => {
      const inner: Walk = {errors: [], stack: []};
      visit(inner, sub, value);
      return inner.errors.length === 0;
    }).length;
    if (matching !== 1) record(walk, 'oneOf', matching === 0 ? `must match one of: ${schema.oneOf.map((s) => s.pattern ?? describeType(s.type ?? 'object')).join(', ')}` : 'must match exactly one of its alternatives, not several');
  }
  if (schema.enum && !schema.enum.includes(value)) record(walk, 'enum', `must be one of ${schema.enum.map((v) => JSON.stringify(v)).join(', ')}`);
  if (actual === 'integer' || actual === 'number') {
    const n = value as number;
    if (schema.minimum !== undefined && n < schema.minimum) record(walk, 'minimum', `must be >= ${schema.minimum}`);
    if (schema.maximum !== undefined && n > schema.maximum) record(walk, 'maximum', `must be <= ${schema.maximum}`);
  } else if (actual === 'string') {
    const text = value as string;
    if (schema.minLength !== undefined && [...text].length < schema.minLength) record(walk, 'minLength', `must have at least ${schema.minLength} character${schema.minLength === 1 ? '' : 's'}`);
    if (schema.pattern !== undefined && !regex(schema.pattern).test(text)) record(walk, 'pattern', `must match ${schema.pattern}`);
    if (schema.format === 'ipv4' && !isIpv4Format(text)) record(walk, 'format', 'must be an IPv4 address');
  } else if (actual === 'array') {
    const list = value as unknown[];
    if (schema.minItems !== undefined && list.length < schema.minItems) record(walk, 'minItems', `must have at least ${schema.minItems} item${schema.minItems === 1 ? '' : 's'}`);
    if (schema.maxItems !== undefined && list.length > schema.maxItems) record(walk, 'maxItems', `must have at most ${schema.maxItems} items`);
    if (schema.items) {
      for (let i = 0; i < list.length; i++) {
        walk.stack.push(i);
        visit(walk, schema.items, list[i]);
        walk.stack.pop();
      }
    }
  } else if (actual === 'object') {
    const object = value as Record<string, unknown>;
    if (schema.required) for (const key of schema.required) if (!Object.hasOwn(object, key)) record(walk, 'required', `${key} is required`, {missing: key});
    const {properties, additionalProperties} = schema;
    if (properties === undefined && (additionalProperties === undefined || additionalProperties === true)) return;
    for (const key in object) {
      if (!Object.hasOwn(object, key)) continue;
      const property = properties !== undefined && Object.hasOwn(properties, key) ? properties[key] : undefined;
      walk.stack.push(key);
      if (property) visit(walk, property, object[key]);
      else if (additionalProperties === false) record(walk, 'additionalProperties', 'is not a known field', {known: Object.keys(properties ?? {})});
      else if (typeof additionalProperties === 'object') visit(walk, additionalProperties, object[key]);
      walk.stack.pop();
    }
  }
}

/** Every error of `value` against `schema`; a value of the wrong type is not looked into further. */
export function validateSchema(schema: Schema, value: unknown, path: SchemaPath = []): SchemaError[] {
  const walk: Walk = {errors: [], stack: [...path]};
  visit(walk, schema, value);
  return walk.errors;
}
