// Every rule: a manifest that fires it (at an exact line and column) and one that does not.
// The line is the one marked "# here"; the column is given.
import {describe, expect, it} from 'vitest';
import {lint} from '../../../src/lib/lint/lint.js';
import {RULES} from '../../../src/lib/lint/registry.js';
import {CASES, markedLine} from '../../fixtures/lint-cases.js';

describe('lint rules', () => {
  it('every registered rule has a case that fires and one that does not', () => {
    const inputOnly = ['unreadable-input']; // needs bytes, not text: tested in robustness.test.ts
    expect([...RULES.keys()].filter((id) => !inputOnly.includes(id) && !CASES.some((c) => c.rule === id))).toEqual([]);
  });

  it.each(CASES.map((c) => [c.rule, c] as const))('%s', (rule, c) => {
    const bad = lint([{file: 'bad.yaml', text: c.bad}]).diagnostics.filter((d) => d.rule === rule);
    expect(bad.map(({line, column, severity}) => ({line, column, severity}))).toContainEqual({line: markedLine(c.bad), column: c.column, severity: c.severity ?? RULES.get(rule)!.severity});
    expect(bad.every((d) => /[.?]$/.test(d.message))).toBe(true);
    const good = lint([{file: 'good.yaml', text: c.good}]).diagnostics;
    expect(good.filter((d) => d.rule === rule)).toEqual([]);
  });

  it('every rule description is one sentence ending in a period', () => {
    for (const rule of RULES.values()) expect(rule.description).toMatch(/^[A-Z].*\.$/);
  });
});
