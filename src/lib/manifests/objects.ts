// Reading untyped objects (parsed YAML) safely.

export const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

export const asObject = (v: unknown): Record<string, unknown> => (isObject(v) ? v : {});

export const asString = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);

/** The string-valued entries of a map (labels, annotations, selectors). */
export const stringMap = (v: unknown): Record<string, string> =>
  Object.fromEntries(Object.entries(asObject(v)).filter(([, x]) => typeof x === 'string')) as Record<string, string>;
