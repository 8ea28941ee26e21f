// The fast path's parser (src/cli/fast/argv.ts) reads a subset of oclif's command line: on each command line it
// takes, it must give what oclif's own parser gives (Parser.parse, @oclif/core lib/parser/parse.js), and it must
// leave the rest (undefined) rather than read it differently.
import {Parser} from '@oclif/core';
import {readFileSync} from 'node:fs';
import {join} from 'node:path';
import {describe, expect, it} from 'vitest';
import ClassCreate from '../../src/commands/metallb/class/create.js';
import Lint from '../../src/commands/metallb/lint.js';
import ServiceCreate from '../../src/commands/metallb/service/create.js';
import {type CommandSpec, parseArgv} from '../../src/cli/fast/argv.js';
import {ROOT} from '../helpers/cli.js';

const {specs} = JSON.parse(readFileSync(join(ROOT, 'dist/fast-tables.json'), 'utf8')) as {specs: Record<string, CommandSpec>};

type Input = Parameters<typeof Parser.parse>[1];

async function oclif(command: typeof ClassCreate | typeof Lint | typeof ServiceCreate, argv: string[]) {
  try {
    return await Parser.parse(argv, {flags: {...command.baseFlags, ...command.flags}, args: command.args, strict: command.strict ?? true} as Input);
  } catch (error) {
    return error as Error;
  }
}

const CLASS_LINES = [
  ['x', '--pool', '192.0.2.0/28', '--dry-run=client'],
  ['--pool=192.0.2.0/28', 'x', '-p', '2001:db8::/124', '--node-selector', 'a=', '--node-selector=b=c', '--interface', 'eth1'],
  ['x', '--default', '--pool', '192.0.2.1', '-o', 'json', '--no-input', '--no-color', '--overwrite', '--type', 'L2'],
  ['x', '--no-default', '--pool', '192.0.2.1', '--output=name', '--dry-run', 'server'],
  ['x', '--pool', '192.0.2.1', '--default', '--no-default'],
  ['x', '--pool', '192.0.2.1', '-ojson'],
  ['x', '--pool', '-5'],
  ['x', '--pool'],
  ['x', '--pool='],
  ['x', '-o', 'wide'],
  ['x', '-o', 'json', '-o', 'yaml'],
  ['x', 'y'],
  ['x', '--', '--pool'],
  ['x', '--pol', '1'],
  ['x', '--no-pool'],
  ['x', '--default=true'],
  ['x', '-z'],
  [],
];

const SERVICE_LINES = [
  ['web', '-n', 'infra', '-c', 'ingress', '--port', '53/UDP', '--port=53/TCP', '--load-balancer-ips', '192.0.2.10,192.0.2.11', '--shared-ip-key', 'dns'],
  ['web', '--class-annotation', '--external-traffic-policy', 'Local', '--selector', 'app=x', '--ips', '3', '-o', 'name'],
  ['web', '--external-traffic-policy', 'Remote'],
  ['web', '--no-class-annotation'],
];

const LINT_LINES = [
  ['a.yaml', 'b.yaml', '-f', 'c.yaml', '--filename=d'],
  ['-', '--strict', '--disable', 'r1', '--disable=r2', '-o', 'sarif'],
  ['--rules', '-o', 'json'],
  ['--ip-family', 'IPv6', '--max-file-size', '1Mi', 'x'],
  ['--ip-family', 'IPv5', 'x'],
  ['--strict', '--strict', 'x'],
];

describe('the fast path\'s parser', () => {
  it.each([
    ['class create', ClassCreate, 'metallb:class:create', CLASS_LINES],
    ['service create', ServiceCreate, 'metallb:service:create', SERVICE_LINES],
    ['lint', Lint, 'metallb:lint', LINT_LINES],
  ] as const)('%s: gives what oclif gives, or leaves it', async (_, command, id, lines) => {
    const spec = specs[id]!;
    let taken = 0;
    for (const line of lines) {
      const fast = parseArgv(line, spec);
      if (!fast) continue;
      taken++;
      const parsed = await oclif(command, [...line]);
      expect(parsed, line.join(' ')).not.toBeInstanceOf(Error);
      const {flags, args, argv} = parsed as Exclude<typeof parsed, Error>;
      // Flags oclif computes with a function (request-timeout's default) are not read by the fast commands.
      const read = Object.fromEntries(Object.entries(flags).filter(([name]) => name in fast.flags));
      expect({flags: fast.flags, args: fast.args, argv: fast.argv}, line.join(' ')).toEqual({flags: read, args: Object.fromEntries(Object.entries(args).filter(([, v]) => v !== undefined)), argv});
    }
    expect(taken).toBeGreaterThanOrEqual(2);
  });

  it('leaves forms it does not read, each of which oclif reads in its own way or rejects', () => {
    const spec = specs['metallb:class:create']!;
    for (const line of [['x', '-ojson'], ['x', '--', 'y'], ['x', '--pool', '-5'], ['x', '--pool='], ['x', '-o', 'wide'], ['x', '-o', 'json', '-o', 'yaml'], ['x', 'y'], ['x', '--no-pool'], ['x', '--default=true'], ['x', '--default', '--default']]) {
      expect(parseArgv(line, spec), line.join(' ')).toBeUndefined();
    }
  });

  it('has no spec for a command that uses what it cannot read (a required argument, here)', () => {
    expect(specs['metallb:class:get']).toBeUndefined();
    expect(specs['metallb:class:create']).toBeDefined();
  });
});
