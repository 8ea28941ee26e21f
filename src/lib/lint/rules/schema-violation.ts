import {defineRule} from '../rule.js';
import {formatPath} from '../../input/documents.js';
import {schemaErrors} from '../schema-errors.js';

export default defineRule({
  id: 'schema-violation',
  severity: 'error',
  description: 'A field has the wrong type, a value out of range, or a required field is missing (the API server refuses it).',
  checkDocument(doc, report) {
    for (const error of schemaErrors(doc)) {
      if (error.keyword === 'additionalProperties') continue; // unknown-field
      // A class's type other than L2: class-type says it with the reason (the CRD's enum is the same fact).
      if (doc.kind === 'MetalLoadBalancerClass' && error.keyword === 'enum' && formatPath(error.path) === 'spec.type') continue;
      const message = error.keyword === 'required'
        ? `${formatPath([...error.path, error.missing!])} is required; add it.`
        : `${error.path.length > 0 ? formatPath(error.path) : doc.kind} ${error.message}; fix the value.`;
      report({doc, path: error.path, message});
    }
  },
});
