// A validator for the part of JSON Schema that CRD and module-settings schemas use (type, properties, required,
// additionalProperties, enum, minimum/maximum, pattern, items, minItems/maxItems, minLength).
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
  description?: string;
}

export type SchemaPath = (string | number)[];

export interface SchemaError {
  keyword: 'type' | 'required' | 'additionalProperties' | 'enum' | 'minimum' | 'maximum' | 'pattern' | 'minItems' | 'maxItems' | 'minLength';
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

const describeType = (type: SchemaType | SchemaType[]) => (Array.isArray(type) ? type.join(' or ') : type);

/** Every error of `value` against `schema`; a value of the wrong type is not looked into further. */
export function validateSchema(schema: Schema, value: unknown, path: SchemaPath = [], errors: SchemaError[] = []): SchemaError[] {
  if (schema.type !== undefined) {
    const types = Array.isArray(schema.type) ? schema.type : [schema.type];
    if (!types.some((t) => matchesType(value, t))) {
      errors.push({keyword: 'type', path, message: `must be ${describeType(schema.type)}, not ${typeOf(value)}`});
      return errors;
    }
  }
  if (schema.enum && !schema.enum.some((allowed) => allowed === value)) {
    errors.push({keyword: 'enum', path, message: `must be one of ${schema.enum.map((v) => JSON.stringify(v)).join(', ')}`});
  }
  if (typeof value === 'number') {
    if (schema.minimum !== undefined && value < schema.minimum) errors.push({keyword: 'minimum', path, message: `must be >= ${schema.minimum}`});
    if (schema.maximum !== undefined && value > schema.maximum) errors.push({keyword: 'maximum', path, message: `must be <= ${schema.maximum}`});
  }
  if (typeof value === 'string') {
    if (schema.minLength !== undefined && [...value].length < schema.minLength) errors.push({keyword: 'minLength', path, message: `must have at least ${schema.minLength} character${schema.minLength === 1 ? '' : 's'}`});
    if (schema.pattern !== undefined && !regex(schema.pattern).test(value)) errors.push({keyword: 'pattern', path, message: `must match ${schema.pattern}`});
  }
  if (Array.isArray(value)) {
    if (schema.minItems !== undefined && value.length < schema.minItems) errors.push({keyword: 'minItems', path, message: `must have at least ${schema.minItems} item${schema.minItems === 1 ? '' : 's'}`});
    if (schema.maxItems !== undefined && value.length > schema.maxItems) errors.push({keyword: 'maxItems', path, message: `must have at most ${schema.maxItems} items`});
    if (schema.items) value.forEach((item, i) => validateSchema(schema.items!, item, [...path, i], errors));
  }
  if (typeOf(value) === 'object') {
    const object = value as Record<string, unknown>;
    for (const key of schema.required ?? []) {
      if (!Object.hasOwn(object, key)) errors.push({keyword: 'required', path, missing: key, message: `${key} is required`});
    }
    for (const [key, child] of Object.entries(object)) {
      const property = schema.properties && Object.hasOwn(schema.properties, key) ? schema.properties[key] : undefined;
      if (property) validateSchema(property, child, [...path, key], errors);
      else if (schema.additionalProperties === false) {
        errors.push({keyword: 'additionalProperties', path: [...path, key], message: 'is not a known field', known: Object.keys(schema.properties ?? {})});
      } else if (typeof schema.additionalProperties === 'object') validateSchema(schema.additionalProperties, child, [...path, key], errors);
    }
  }
  return errors;
}
