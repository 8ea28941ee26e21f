import {closest} from '../../text/closest.js';
import {defineRule} from '../rule.js';
import {schemaErrors} from '../schema-errors.js';

export default defineRule({
  id: 'unknown-field',
  // An error: kubectl apply validates fields strictly by default and refuses the object (only with
  // --validate=false, or a client that does not ask for strict validation, is the field dropped silently).
  severity: 'error',
  description: 'A field the CRD does not define: kubectl apply refuses the object (strict field validation, its default); with validation off the API server drops the field silently.',
  checkDocument(doc, report) {
    for (const error of schemaErrors(doc)) {
      if (error.keyword !== 'additionalProperties') continue;
      const key = String(error.path[error.path.length - 1]);
      const guess = closest(key, error.known ?? []);
      report({doc, path: error.path, at: 'key', message: `${doc.kind} has no field ${JSON.stringify(key)}, so kubectl apply refuses the object (with validation off the API server drops the field); ${guess ? `did you mean ${guess}?` : 'remove it.'}`});
    }
  },
});
