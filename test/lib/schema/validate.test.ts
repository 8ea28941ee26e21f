// Our small JSON Schema validator must agree with Ajv (the reference) on the schemas the project uses.
import {Ajv} from 'ajv';
import fc from 'fast-check';
import {describe, expect, it} from 'vitest';
import {SETTINGS_SCHEMAS} from '../../../src/lib/manifests/module-config/schemas.js';
import {CRD_SCHEMAS} from '../../../src/lib/lint/crd-schemas.js';
import {type Schema, validateSchema} from '../../../src/lib/schema/validate.js';

const ajv = new Ajv({allErrors: true, strict: false});

/** Values shaped like the schema, with random mistakes: wrong types, unknown keys, out-of-range numbers. */
function valueFor(schema: Schema, depth = 0): fc.Arbitrary<unknown> {
  const wrong = fc.oneof(fc.constant(null), fc.integer({min: -5, max: 70000}), fc.string({maxLength: 4}), fc.boolean(), fc.constant([]), fc.constant({}));
  if (depth > 5) return wrong;
  const types = schema.type === undefined ? [] : Array.isArray(schema.type) ? schema.type : [schema.type];
  const options: fc.Arbitrary<unknown>[] = [];
  if (schema.enum) options.push(fc.constantFrom(...schema.enum));
  for (const type of types) {
    if (type === 'object') {
      const props = Object.entries(schema.properties ?? {}).map(([k, v]) => [k, valueFor(v, depth + 1)] as const);
      const extra = schema.additionalProperties && typeof schema.additionalProperties === 'object' ? valueFor(schema.additionalProperties, depth + 1) : wrong;
      options.push(fc.tuple(fc.record(Object.fromEntries(props), {requiredKeys: []}), fc.dictionary(fc.constantFrom('x', 'extra', 'name'), extra, {maxKeys: 2})).map(([a, b]) => ({...b, ...a})));
    } else if (type === 'array') options.push(fc.array(schema.items ? valueFor(schema.items, depth + 1) : wrong, {maxLength: 3}));
    else if (type === 'integer') options.push(fc.oneof(fc.integer({min: -2, max: 20000}), fc.constantFrom(4294967295, 4294967296, 1.5)));
    else if (type === 'string') options.push(fc.oneof(fc.string({maxLength: 6}), fc.constantFrom('L2', 'bgp', 'a-b', '3s', 'In', 'BGP', '')));
    else if (type === 'boolean') options.push(fc.boolean());
    else options.push(fc.double());
  }
  options.push(wrong);
  return fc.oneof(...options);
}

const schemas: [string, Schema][] = [
  ...Object.entries(SETTINGS_SCHEMAS).map(([v, s]) => [`settings v${v}`, s] as [string, Schema]),
  ...Object.entries(CRD_SCHEMAS).map(([kind, s]) => [kind, s] as [string, Schema]),
];

describe('validateSchema agrees with Ajv', () => {
  it.each(schemas)('%s', (_, schema) => {
    const reference = ajv.compile(schema);
    fc.assert(
      fc.property(valueFor(schema), (value) => {
        const ours = validateSchema(schema, value);
        expect(ours.length === 0).toBe(reference(value));
      }),
      {numRuns: 400},
    );
  });
});
