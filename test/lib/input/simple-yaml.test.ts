// The fast subset reader must read every document exactly as js-yaml does, or give up: lint's findings depend on
// the values, and a wrong value would be a wrong finding. Generated documents in many writing styles, then the same
// texts mutated at random, are compared with js-yaml (core schema) value for value and key order for key order.
import {readFileSync} from 'node:fs';
import fc from 'fast-check';
import {CORE_SCHEMA, load} from 'js-yaml';
import {describe, expect, it} from 'vitest';
import {readSimpleYaml} from '../../../src/lib/input/simple-yaml.js';

const seed = readFileSync(new URL('../../fixtures/metallb-docs.md', import.meta.url), 'utf8');
const SEED_DOCUMENTS = [...seed.matchAll(/```yaml\n([\s\S]*?)```/g)].map((m) => m[1]!.replace(/^ {3}/gm, ''));
const EXAMPLES = readFileSync(new URL('../../fixtures/seed-examples.yaml', import.meta.url), 'utf8').split(/^---\n/m).filter((d) => d.trim() !== '');

/** js-yaml's reading, or "error". */
function reference(text: string): unknown {
  try {
    return load(text, {schema: CORE_SCHEMA});
  } catch {
    return 'error';
  }
}

/** Same values and the same key order (toEqual ignores order). */
function expectSameAsJsYaml(text: string): boolean {
  const fast = readSimpleYaml(text);
  if (fast === undefined) return false;
  const expected = reference(text);
  expect(expected, `js-yaml refuses what the fast reader read:\n${text}`).not.toBe('error');
  expect(JSON.stringify(fast), text).toBe(JSON.stringify(expected));
  expect(fast).toEqual(expected);
  return true;
}

// Scalars that read as strings, as other types, or need quoting; plain when the writer may leave them plain.
const WORDS = ['L2', 'TCP', 'class-1', 'deckhouse.io/v1alpha1', '2001:db8::/64', '192.0.2.0/24', '192.0.2.1-192.0.2.9', 'true', 'True', 'FALSE', 'yes',
  'null', 'Null', '~', '', '1', '0', '-3', '012', '0x1F', '1e3', '1.5', '.inf', '-.INF', '.nan', '+5', '1_000', 'a b', 'a  b', 'a: b', 'a #b', 'a#b', 'x:', '-x', '- x',
  'http://x/y', 'it\'s', 'say "hi"', 'back\\slash', '*alias', '&anchor', '!tag', '|', '>', '[a]', '{a: 1}', '[]', '{}', '@at', '%p', 'é', 'Gi', '10s', '8080abc'];
const KEYS = ['apiVersion', 'kind', 'metadata', 'name', 'spec', 'node-role.kubernetes.io/loadbalancer', 'network.deckhouse.io/l2-load-balancer-external-ips-count',
  'a b', 'True', 'null', 'true', '1', '__proto__', '<<', 'x:y', 'ports', '_x', 'é'];

type Value = string | number | boolean | null | Value[] | {[key: string]: Value};

const value: fc.Arbitrary<Value> = fc.letrec<{value: Value}>((tie) => ({
  value: fc.oneof(
    {depthSize: 'small', withCrossShrink: true},
    fc.constantFrom(...WORDS),
    fc.integer({min: -100000, max: 100000}),
    fc.boolean(),
    fc.constant(null),
    fc.array(tie('value'), {maxLength: 4}),
    fc.dictionary(fc.constantFrom(...KEYS), tie('value'), {maxKeys: 4}),
  ),
})).value;

interface Style {
  indent: number;
  /** Sequences under a key at the key's indentation (kubectl's style) or deeper. */
  compactSequences: boolean;
  quote: 'plain' | 'double' | 'single';
  comments: boolean;
  crlf: boolean;
}

const style = fc.record<Style>({indent: fc.constantFrom(1, 2, 4), compactSequences: fc.boolean(), quote: fc.constantFrom('plain', 'double', 'single'), comments: fc.boolean(), crlf: fc.boolean()});

function scalarText(v: string | number | boolean | null, s: Style): string {
  if (typeof v !== 'string') return String(v);
  if (s.quote === 'double') return JSON.stringify(v);
  if (s.quote === 'single') return `'${v.replace(/'/g, "''")}'`;
  return v; // plain, whatever it means: both readers must agree (or the fast one give up)
}

function write(v: Value, s: Style, depth: number, lines: string[]): void {
  const pad = ' '.repeat(depth * s.indent);
  if (Array.isArray(v)) {
    for (const item of v) {
      if (item !== null && typeof item === 'object' && !Array.isArray(item) && Object.keys(item).length > 0) {
        const inner: string[] = [];
        write(item, s, 0, inner);
        inner.forEach((line, i) => lines.push(i === 0 ? `${pad}- ${line}` : `${pad}  ${line}`));
      } else if (item !== null && typeof item === 'object') lines.push(`${pad}- ${Array.isArray(item) && item.length > 0 ? '' : Array.isArray(item) ? '[]' : '{}'}`);
      else lines.push(`${pad}- ${scalarText(item, s)}`);
      if (Array.isArray(item) && item.length > 0) write(item, s, depth + 1, lines);
    }
    return;
  }
  if (v === null || typeof v !== 'object') {
    lines.push(`${pad}${scalarText(v, s)}`);
    return;
  }
  for (const [key, item] of Object.entries(v)) {
    const k = /^[A-Za-z_]/.test(key) ? key : JSON.stringify(key);
    if (item !== null && typeof item === 'object' && (Array.isArray(item) ? item.length : Object.keys(item).length) > 0) {
      lines.push(`${pad}${k}:${s.comments ? ' # a comment' : ''}`);
      write(item, s, Array.isArray(item) && s.compactSequences ? depth : depth + 1, lines);
    } else {
      lines.push(`${pad}${k}: ${item !== null && typeof item === 'object' ? (Array.isArray(item) ? '[]' : '{}') : scalarText(item, s)}`);
    }
  }
}

function text(v: Value, s: Style): string {
  const lines: string[] = s.comments ? ['# leading comment', ''] : [];
  write(v, s, 0, lines);
  return lines.join(s.crlf ? '\r\n' : '\n') + (s.crlf ? '\r\n' : '\n');
}

const MUTATIONS = [' ', '  ', '-', '- ', ':', ': ', '#', ' #', '"', "'", '\n', '\n  ', '&a ', '*a', '!', '|', '>', '[', '{', '\t', '\r', 'é', '---\n', '...', '\\', '0', '.', 'x'];

describe('the fast YAML subset reader', () => {
  it('reads the documentation\'s manifests and typical generated ones itself (the point of having it)', () => {
    for (const doc of [...SEED_DOCUMENTS, ...EXAMPLES]) expect(readSimpleYaml(doc), doc).toEqual(load(doc, {schema: CORE_SCHEMA}));
    const service = 'apiVersion: v1\nkind: Service\nmetadata:\n  name: s\n  annotations:\n    network.deckhouse.io/l2-load-balancer-external-ips-count: "2"\nspec:\n  ports:\n  - port: 80\n    protocol: TCP\n  selector:\n    app: s\n';
    expect(readSimpleYaml(service)).toEqual(load(service));
  });

  it('reads generated documents exactly as js-yaml does, or gives up', () => {
    let read = 0;
    fc.assert(
      fc.property(fc.dictionary(fc.constantFrom(...KEYS), value, {minKeys: 1, maxKeys: 6}), style, (v, s) => {
        if (expectSameAsJsYaml(text(v, s))) read++;
      }),
      {numRuns: 3000},
    );
    expect(read).toBeGreaterThan(300); // it reads a good share itself, so the comparison above means something
  });

  it('never accepts a mutated document that js-yaml reads differently or refuses', () => {
    fc.assert(
      fc.property(fc.dictionary(fc.constantFrom(...KEYS), value, {minKeys: 1, maxKeys: 5}), style, fc.array(fc.tuple(fc.nat(), fc.constantFrom(...MUTATIONS), fc.nat(3)), {minLength: 1, maxLength: 3}), (v, s, edits) => {
        let t = text(v, s);
        for (const [at, insert, removed] of edits) {
          const i = at % (t.length + 1);
          t = t.slice(0, i) + insert + t.slice(i + removed);
        }
        expectSameAsJsYaml(t);
      }),
      {numRuns: 5000},
    );
  });

  it('reads -0 as js-yaml does: 0, not -0 (a counterexample the mutation property found)', () => {
    for (const doc of ['a: -0\n', 'a: -0\nb: 1\n']) {
      expect(expectSameAsJsYaml(doc), doc).toBe(true);
      expect(Object.is((readSimpleYaml(doc) as {a: number}).a, 0), doc).toBe(true);
    }
  });

  it('gives up on what only js-yaml can read or report', () => {
    for (const doc of ['a: &x 1\nb: *x\n', 'a: !!str 1\n', 'a: |\n  text\n', 'a: [1, 2]\n', 'a: "x\\ty"\n', 'a: 1.5\n', 'a: 1\na: 2\n', '- a\n', 'a: b\n  c\n', 'a:\tb\n', 'é: 1\n', '<<: {a: 1}\n', 'True: 1\n', '---\n', Array.from({length: 100}, (_, i) => `${' '.repeat(i)}k${i}:`).join('\n')]) {
      expect(readSimpleYaml(doc), doc).toBeUndefined();
    }
  });
});
