// Schema errors of a document, computed once and shared by the rules that report them.
import {type SchemaError, validateSchema} from '../schema/validate.js';
import {CRD_SCHEMAS, type CheckedKind} from './crd-schemas.js';
import type {ManifestDocument} from '../input/documents.js';

const cache = new WeakMap<ManifestDocument, SchemaError[]>();

export function schemaErrors(doc: ManifestDocument): SchemaError[] {
  if (!doc.kind || !Object.hasOwn(CRD_SCHEMAS, doc.kind)) return [];
  let errors = cache.get(doc);
  if (!errors) cache.set(doc, (errors = validateSchema(CRD_SCHEMAS[doc.kind as CheckedKind], doc.value)));
  return errors;
}
