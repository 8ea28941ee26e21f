// Reading untyped objects (parsed YAML) safely.

export const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

export const asObject = (v: unknown): Record<string, unknown> => (isObject(v) ? v : {});

export const asString = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);

/** The string-valued entries of a map (labels, annotations, selectors), as a new object. */
export function stringMap(v: unknown): Record<string, string> {
  const result: Record<string, string> = {};
  if (!isObject(v)) return result;
  // A loop rather than fromEntries(entries().filter()): this runs for every Service of a large lint.
  for (const key of Object.keys(v)) {
    const value = v[key];
    if (typeof value === 'string') result[key] = value;
  }
  return result;
}
