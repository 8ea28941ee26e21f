// What a lint rule is: a stable id, a default severity, a one-line description, and a check over the whole world.
import type {ManifestDocument, Path} from '../input/documents.js';
import type {World} from './world.js';

export type Severity = 'error' | 'warning' | 'info';

export interface Finding {
  readonly doc: ManifestDocument;
  /** Path of the offending value inside the object. */
  readonly path: Path;
  /** Point at the key (unknown fields) rather than the value. */
  readonly at?: 'key' | 'value';
  /** One or more sentences: what is wrong, why it matters, what to do. */
  readonly message: string;
  /** Overrides the rule's default severity for this finding. */
  readonly severity?: Severity;
}

export interface RuleContext {
  readonly world: World;
  report(finding: Finding): void;
}

export interface Rule {
  readonly id: string;
  readonly severity: Severity;
  readonly description: string;
  /** Rules about reading input are reported by the reader and have no check. */
  readonly check?: (context: RuleContext) => void;
  /**
   * A check of one document alone, run as the document is read: its full value is then dropped for the kinds that
   * come by the thousand (Services, Nodes), which keeps lint's memory flat (see compactDocument).
   */
  readonly checkDocument?: (doc: ManifestDocument, report: (finding: Finding) => void) => void;
}

export function defineRule(rule: Rule): Rule {
  return rule;
}
