// The help texts oclif rendered at build time (scripts/fast-tables.mjs), a part of their own: only `--help` reads them.
declare const FAST_HELP_JSON: string;

const texts = JSON.parse(FAST_HELP_JSON) as Record<string, string>;
export default texts;
