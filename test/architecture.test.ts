// The layout is the architecture: src/lib knows nothing of oclif, and heavy modules load only where needed.
import {readdirSync, readFileSync, statSync} from 'node:fs';
import {join} from 'node:path';
import {describe, expect, it} from 'vitest';
import {ROOT} from './helpers/cli.js';

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? sources(path) : path.endsWith('.ts') ? [path] : [];
  });
}

const STATIC_IMPORT = /^import\s+(?!type\b)[^;]*?from\s+'([^']+)'/gm;

function staticImports(path: string): string[] {
  return [...readFileSync(path, 'utf8').matchAll(STATIC_IMPORT)].map((m) => m[1]!);
}

describe('architecture', () => {
  it('src/lib has no oclif imports', () => {
    const offenders = sources(join(ROOT, 'src/lib')).filter((path) => /@oclif\//.test(readFileSync(path, 'utf8')));
    expect(offenders).toEqual([]);
  });

  it.each(['@inquirer/prompts', 'ajv', '@kubernetes/client-node'])('%s is never imported statically (it is loaded by the commands that need it)', (heavy) => {
    const offenders = sources(join(ROOT, 'src')).filter((path) => staticImports(path).includes(heavy));
    expect(offenders).toEqual([]);
  });

  it('the bundle every command loads holds neither the prompt library nor Ajv: they load only when needed', () => {
    const bundle = readFileSync(join(ROOT, 'dist/cli.cjs'), 'utf8');
    expect(bundle).toContain('MetalLoadBalancerClass');
    expect(bundle).not.toContain('User force closed the prompt'); // @inquirer/core
    expect(bundle).not.toContain('strictTypes'); // Ajv
  });

  it('every command file oclif discovers is a shim into the one bundle', () => {
    const shims = readdirSync(join(ROOT, 'dist/commands/metallb'), {recursive: true}).filter((f) => String(f).endsWith('.cjs'));
    expect(shims.length).toBeGreaterThanOrEqual(5);
    for (const shim of shims) expect(readFileSync(join(ROOT, 'dist/commands/metallb', String(shim)), 'utf8')).toMatch(/require\("\.\/(\.\.\/)+cli\.cjs"\)\.commands\["metallb:/);
  });

  it('the fast path\'s bundles hold no oclif: that is what makes them fast (src/cli/fast)', () => {
    for (const bundle of ['fast.cjs', 'fast-class-create.cjs', 'fast-lint.cjs']) {
      const text = readFileSync(join(ROOT, 'dist', bundle), 'utf8');
      expect(text, bundle).not.toContain('@oclif/core');
      expect(text, bundle).not.toMatch(/class \w*Command\b|CLIError|loadPluginsAndCommands/);
    }
  });
});
