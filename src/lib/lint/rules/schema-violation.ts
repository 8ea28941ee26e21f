import {defineRule} from '../rule.js';
import {schemaErrors} from '../schema-errors.js';

export default defineRule({
  id: 'schema-violation',
  severity: 'error',
  description: 'A field has the wrong type, a value out of range, or a required field is missing (the API server refuses it).',
  check({world, report}) {
    for (const doc of world.documents) {
      for (const error of schemaErrors(doc)) {
        if (error.keyword === 'additionalProperties') continue; // unknown-field
        const field = error.path.length ? error.path.map((p) => (typeof p === 'number' ? `[${p}]` : `.${p}`)).join('').replace(/^\./, '') : doc.kind;
        const message = error.keyword === 'required'
          ? `${field === doc.kind ? '' : `${field}.`}${error.missing} is required; add it.`
          : `${field} ${error.message}; fix the value.`;
        report({doc, path: error.path, message});
      }
    }
  },
});
