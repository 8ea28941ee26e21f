// The lint run: parse every input, build one world, run the rules, place each finding at file:line:column,
// apply suppressions, sort. The inputs read their own bytes (input/files.ts); nothing else here does I/O.
import type {ManifestDocument, ManifestSource, ParsedFile} from '../input/documents.js';
import {formatPath, parseSource} from '../input/documents.js';
import {StringTable, compactDocument} from './compact.js';
import {PositionResolver} from '../input/positions.js';
import {RULES} from './registry.js';
import type {Finding, Rule, Severity} from './rule.js';
import {WORLD_KINDS, buildWorld} from './world.js';

export interface Diagnostic {
  file: string;
  line: number;
  column: number;
  severity: Severity;
  rule: string;
  message: string;
  kind?: string;
  /** "ns/name" for namespaced objects, "name" otherwise. */
  name?: string;
  /** Dotted path of the value: spec.ports[0]. */
  path?: string;
}

export interface LintSummary {
  files: number;
  documents: number;
  /** Every finding counts here, also those left out of the list (see omitted). */
  errors: number;
  warnings: number;
  infos: number;
  /** Findings left out of the list per rule, beyond MAX_FINDINGS_PER_RULE (only when some were). */
  omitted?: Record<string, number>;
}

/**
 * The most findings of one rule that are listed. A /8 class against 1.6 million /32 entries is 1.6 million overlap
 * findings: more than any reader looks at, and more than one output string can hold.
 */
export const MAX_FINDINGS_PER_RULE = 1000;

export interface LintResult {
  summary: LintSummary;
  diagnostics: Diagnostic[];
  /** Documents of kinds no rule reads, by kind. */
  skipped: Record<string, number>;
}

/** A file to lint: its text, or how to read it (input/files.ts reads each when its turn comes). */
export type LintInput = ManifestSource;

export interface LintOptions {
  /** Rule ids to skip. */
  readonly disable?: ReadonlySet<string>;
  /** Objects from a live cluster: part of the world (a Service may name a class only the cluster has), but findings
   * are only reported where they point into the linted files. */
  readonly context?: readonly ManifestDocument[];
  /** The cluster's primary IP family (--ip-family), for Services whose manifests state none. */
  readonly primaryFamily?: 4 | 6;
}



function displayName(doc: ManifestDocument): string | undefined {
  if (doc.name === undefined) return undefined;
  return doc.namespace ? `${doc.namespace}/${doc.name}` : doc.name;
}

export function lint(inputs: readonly LintInput[], options: LintOptions = {}): LintResult {
  const disabled = options.disable ?? new Set<string>();
  const diagnostics: Diagnostic[] = [];
  const suppressionsByFile = new Map<string, ReadonlyMap<number, ReadonlySet<string>>>();
  const suppressed = (file: string, line: number, rule: string) => {
    const rules = suppressionsByFile.get(file)?.get(line);
    return rules !== undefined && (rules.size === 0 || rules.has(rule));
  };
  const contextDocuments = new Set(options.context ?? []);
  const positions = new PositionResolver();
  const omitted: Record<string, number> = {};
  const omittedBySeverity = {error: 0, warning: 0, info: 0};
  const listed = new Map<string, number>();
  const reporter = (rule: Rule) => (finding: Finding) => {
    if (contextDocuments.has(finding.doc)) return;
    if ((listed.get(rule.id) ?? 0) >= MAX_FINDINGS_PER_RULE) {
      // Not placed: a position costs a parse of the document's text.
      omitted[rule.id] = (omitted[rule.id] ?? 0) + 1;
      omittedBySeverity[finding.severity ?? rule.severity]++;
      return;
    }
    const {line, column} = positions.locate(finding.doc, finding.path, finding.at);
    if (suppressed(finding.doc.file, line, rule.id)) return;
    listed.set(rule.id, (listed.get(rule.id) ?? 0) + 1);
    const name = displayName(finding.doc);
    diagnostics.push({
      file: finding.doc.file, line, column, severity: finding.severity ?? rule.severity, rule: rule.id, message: finding.message,
      ...(finding.doc.kind ? {kind: finding.doc.kind} : {}), ...(name ? {name} : {}), path: formatPath(finding.path),
    });
  };

  // Each document is checked alone as it is read, then only a compact copy is kept (compactDocument).
  const documentRules = [...RULES.values()].filter((r) => r.checkDocument && !disabled.has(r.id)).map((rule) => ({rule, report: reporter(rule)}));
  const strings = new StringTable();
  const keep = (doc: ManifestDocument) => {
    for (const {rule, report} of documentRules) rule.checkDocument!(doc, report);
    return compactDocument(doc, strings);
  };
  const parsed: ParsedFile[] = inputs.map((input) => parseSource(input, keep, (suppressions) => suppressionsByFile.set(input.file, suppressions)));
  const documents = parsed.flatMap((p) => p.documents);
  const world = buildWorld([...(options.context ?? []), ...documents], options.primaryFamily ? {primaryFamily: options.primaryFamily} : {});

  for (const file of parsed) {
    for (const problem of file.problems) {
      if (disabled.has(problem.rule) || suppressed(problem.file, problem.line, problem.rule)) continue;
      diagnostics.push({file: problem.file, line: problem.line, column: problem.column, severity: RULES.get(problem.rule)!.severity, rule: problem.rule, message: problem.message});
    }
  }

  for (const rule of RULES.values()) {
    if (rule.check && !disabled.has(rule.id)) rule.check({world, report: reporter(rule)});
  }

  const order = new Map(inputs.map((input, i) => [input.file, i]));
  diagnostics.sort((a, b) => (order.get(a.file)! - order.get(b.file)!) || a.line - b.line || a.column - b.column || a.rule.localeCompare(b.rule));
  const skipped: Record<string, number> = {};
  for (const doc of documents) if (!doc.kind || !WORLD_KINDS.has(doc.kind)) skipped[doc.kind ?? '(no kind)'] = (skipped[doc.kind ?? '(no kind)'] ?? 0) + 1;
  const count = (severity: Severity) => diagnostics.filter((d) => d.severity === severity).length + omittedBySeverity[severity];
  return {
    summary: {
      files: inputs.length, documents: parsed.reduce((n, p) => n + p.documentCount, 0), errors: count('error'), warnings: count('warning'), infos: count('info'),
      ...(Object.keys(omitted).length > 0 ? {omitted} : {}),
    },
    diagnostics,
    skipped,
  };
}
