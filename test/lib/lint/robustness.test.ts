// Hostile input never crashes lint: each case ends in diagnostics (or none), never an exception.
import {readFileSync} from 'node:fs';
import fc from 'fast-check';
import {describe, expect, it} from 'vitest';
import {type LintInput, lint} from '../../../src/lib/lint/lint.js';

const seed = readFileSync(new URL('../../fixtures/metallb-docs.md', import.meta.url), 'utf8');
const SEED = [...seed.matchAll(/```yaml\n([\s\S]*?)```/g)].map((m) => m[1]!.replace(/^ {3}/gm, '')).join('---\n');

function fromBytes(file: string, bytes: Uint8Array): LintInput {
  return {file, load: () => Buffer.from(bytes)};
}

const rulesOf = (inputs: LintInput[]) => lint(inputs).diagnostics.map((d) => `${d.rule}@${d.line}:${d.column}`);

describe('lint on hostile input', () => {
  it('reports invalid UTF-8 at its line and column', () => {
    const bytes = Buffer.concat([Buffer.from('a: 1\nb: x'), Buffer.from([0xff, 0xfe]), Buffer.from('\n')]);
    expect(rulesOf([fromBytes('bad.yaml', bytes)])).toEqual(['unreadable-input@2:5']);
  });

  it('reports a binary file instead of parsing it', () => {
    expect(rulesOf([fromBytes('image.png', Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 0, 0x0d]))])).toEqual(['unreadable-input@1:1']);
  });

  it('reads a file with a BOM and CRLF line ends, with the same positions', () => {
    const bad = SEED.replace('192.168.2.100-192.168.2.150', '192.168.2.150-192.168.2.100');
    const lf = rulesOf([{file: 'lf.yaml', text: bad}]);
    const crlf = rulesOf([fromBytes('crlf.yaml', Buffer.from(`\uFEFF${bad.replace(/\n/g, '\r\n')}`))]);
    expect(lf).toHaveLength(1);
    expect(crlf).toEqual(lf);
  });

  it('reports tabs used for indentation as a syntax error', () => {
    expect(rulesOf([{file: 'tabs.yaml', text: 'spec:\n\taddressPool: []\n'}])).toEqual(['yaml-syntax@2:1']);
  });

  it('survives a billion-laughs document', () => {
    let text = 'a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]\n';
    for (let i = 1; i < 10; i++) text += `a${i}: &a${i} [${Array(10).fill(`*a${i - 1}`).join(', ')}]\n`;
    expect(rulesOf([{file: 'laughs.yaml', text}])).toEqual(['alias-expansion@1:1']);
  });

  it('survives deep nesting, in flow and in block style', () => {
    const flow = `${'['.repeat(50_000)}${']'.repeat(50_000)}`;
    const block = Array.from({length: 2000}, (_, i) => `${' '.repeat(i)}k${i}:`).join('\n');
    const diagnostics = lint([{file: 'flow.yaml', text: flow}, {file: 'block.yaml', text: block}]).diagnostics;
    expect(diagnostics.map((d) => [d.file, d.rule])).toEqual([['flow.yaml', 'yaml-syntax'], ['block.yaml', 'yaml-syntax']]);
  });

  it('reads 10,000 documents and a 50 MB file', () => {
    const many = Array.from({length: 10_000}, (_, i) => `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c${i}}\n`).join('---\n');
    const big = `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: big}\ndata:\n  blob: "${'x'.repeat(50 * 1024 * 1024)}"\n`;
    const result = lint([{file: 'many.yaml', text: many}, {file: 'big.yaml', text: big}]);
    expect(result.summary.documents).toBe(10_001);
    expect(result.diagnostics).toEqual([]);
    expect(result.skipped).toEqual({ConfigMap: 10_001});
  });

  it('never throws on mutated manifests (fuzz)', () => {
    const edit = fc.record({at: fc.nat(), remove: fc.nat({max: 8}), insert: fc.string({unit: fc.constantFrom(...'-:[]{}&*!|>#"\'\t\n 0123456789abc,.'.split('')), maxLength: 8})});
    fc.assert(
      fc.property(fc.array(edit, {minLength: 1, maxLength: 6}), (edits) => {
        let text = SEED;
        for (const {at, remove, insert} of edits) {
          const i = at % (text.length + 1);
          text = text.slice(0, i) + insert + text.slice(i + remove);
        }
        const result = lint([{file: 'fuzz.yaml', text}]);
        for (const d of result.diagnostics) {
          expect(d.line).toBeGreaterThanOrEqual(1);
          expect(d.column).toBeGreaterThanOrEqual(1);
          expect(d.message.length).toBeGreaterThan(0);
        }
      }),
      {numRuns: 1000},
    );
  });
});
