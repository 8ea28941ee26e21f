import {closest} from '../../text/closest.js';
import {defineRule} from '../rule.js';
import {schemaErrors} from '../schema-errors.js';

export default defineRule({
  id: 'unknown-field',
  severity: 'warning',
  description: 'A field the CRD does not define: the API server drops it silently.',
  checkDocument(doc, report) {
    for (const error of schemaErrors(doc)) {
      if (error.keyword !== 'additionalProperties') continue;
      const key = String(error.path[error.path.length - 1]);
      const guess = closest(key, error.known ?? []);
      report({doc, path: error.path, at: 'key', message: `${doc.kind} has no field ${JSON.stringify(key)}, so the API server drops it; ${guess ? `did you mean ${guess}?` : 'remove it.'}`});
    }
  },
});
