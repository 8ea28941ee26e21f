// What the word under the cursor is, and the answer in cobra's __complete format (spf13/cobra completions.go:
// one candidate per line, a tab before its description, `:ShellCompDirective` last), on a small command tree.
import {describe, expect, it} from 'vitest';
import {type CompletionCommand, positionOf} from '../../../src/lib/completion/line.js';
import {Directive, type Lookups, answer, formatAnswer} from '../../../src/lib/completion/values.js';

const output = {name: 'output', char: 'o', takesValue: true, options: ['yaml', 'json', 'name'], description: 'Output format.'};
const kubeconfig = {name: 'kubeconfig', char: 'k', takesValue: true};
const commands: CompletionCommand[] = [
  {words: ['class', 'create'], description: 'Create a class.', args: [{name: 'name'}], flags: [output, kubeconfig, {name: 'pool', char: 'p', takesValue: true, multiple: true}, {name: 'default', takesValue: false}, {name: 'type', takesValue: true}, {name: 'dry-run', takesValue: true, options: ['none', 'client', 'server']}]},
  {words: ['class', 'get'], description: 'Show a class.', args: [{name: 'name'}], flags: [output, kubeconfig, {name: 'context', takesValue: true}]},
  {words: ['ip', 'allocate'], args: [], flags: [{name: 'filename', char: 'f', takesValue: true, multiple: true}, {name: 'drain', takesValue: true, multiple: true}]},
  {words: ['bgp', 'config', 'create'], args: [{name: 'name'}], flags: [{name: 'pool', char: 'p', takesValue: true, multiple: true}, {name: 'peer', takesValue: true, multiple: true}]},
  {words: ['lint'], args: [{name: 'paths'}], flags: [output]},
  {words: ['completion'], args: [{name: 'shell', options: ['bash', 'zsh', 'fish']}], flags: []},
];
const topics = new Map([['class', 'MetalLoadBalancerClass.'], ['ip', 'Addresses.'], ['bgp', 'BGP mode.'], ['bgp config', 'Configurations.']]);

const asked: {names: string; given: Record<string, string[]>}[] = [];
const lookups: Lookups = {
  cluster: async (names, given) => {
    asked.push({names, given});
    return {classes: ['ingress', 'internal'], nodes: ['lb-1', 'lb-2'], 'bgp-pools': ['pool-a'], 'bgp-peers': ['tor-1']}[names as string] ?? [];
  },
  contexts: () => ['prod', 'stage'],
  interfaces: () => ['eth0', 'lo'],
};

async function complete(line: string): Promise<{values: string[]; directive: number}> {
  const words = line.split(' ');
  const current = words.pop()!;
  const result = await answer(positionOf(commands, words, current, topics), current, lookups);
  return {values: result.candidates.map((c) => c.value), directive: result.directive};
}

describe('commands and topics', () => {
  it('lists the top level, a topic\'s children and nothing after an unknown word', async () => {
    expect(await complete('')).toEqual({values: ['bgp', 'class', 'completion', 'ip', 'lint'], directive: Directive.NoFileComp});
    expect((await complete('c')).values).toEqual(['class', 'completion']);
    expect((await complete('bgp ')).values).toEqual(['config']);
    expect((await complete('bgp config ')).values).toEqual(['create']);
    expect((await complete('nonsense ')).values).toEqual([]);
  });
  it('describes each with its topic or command summary', async () => {
    const result = await answer(positionOf(commands, ['class'], '', topics), '', lookups);
    expect(formatAnswer(result)).toBe('create\tCreate a class.\nget\tShow a class.\n:4\n');
  });
});

describe('flags', () => {
  it('offers a command\'s flags and --help, and not one already given unless it repeats', async () => {
    expect((await complete('class create x --')).values).toEqual(['--output', '--kubeconfig', '--pool', '--default', '--type', '--dry-run', '--help']);
    expect((await complete('class create x -o yaml --default --p')).values).toEqual(['--pool']);
    expect((await complete('class create x -o yaml --pool 192.0.2.0/28 --o')).values).toEqual([]);
    expect((await complete('class create x --pool 192.0.2.0/28 --p')).values).toEqual(['--pool']);
  });
  it('completes a lone short flag to itself, so the shell adds a space', async () => {
    expect((await complete('class create x -o')).values).toEqual(['-o']);
  });
});

describe('flag values', () => {
  it('lists a flag\'s options after it, as --flag=value, and the one type the module has', async () => {
    expect(await complete('class create x -o ')).toEqual({values: ['yaml', 'json', 'name'], directive: Directive.NoFileComp});
    expect((await complete('class create x --output=j')).values).toEqual(['--output=json']);
    expect((await complete('class create x --dry-run=')).values).toEqual(['--dry-run=none', '--dry-run=client', '--dry-run=server']);
    expect((await complete('class create x --type ')).values).toEqual(['L2']);
  });
  it('leaves files to the shell for -f and --kubeconfig, and lint\'s paths', async () => {
    expect(await complete('ip allocate -f ')).toEqual({values: [], directive: Directive.Default});
    expect(await complete('class get x --kubeconfig ')).toEqual({values: [], directive: Directive.Default});
    expect(await complete('lint ')).toEqual({values: [], directive: Directive.Default});
  });
  it('takes names from the cluster as the line so far points to it (--kubeconfig, --context)', async () => {
    asked.length = 0;
    expect((await complete('class get -k /tmp/kc --context prod i')).values).toEqual(['ingress', 'internal']);
    expect(asked).toEqual([{names: 'classes', given: {kubeconfig: ['/tmp/kc'], context: ['prod']}}]);
    expect((await complete('ip allocate --drain lb-1 --drain ')).values).toEqual(['lb-1', 'lb-2']);
    expect((await complete('bgp config create c -p ')).values).toEqual(['pool-a']);
    expect((await complete('bgp config create c --peer t')).values).toEqual(['tor-1']);
    expect((await complete('class get --context ')).values).toEqual(['prod', 'stage']);
  });
  it('names a new object without suggestions, and nothing for a flag with free text', async () => {
    asked.length = 0;
    expect(await complete('class create ')).toEqual({values: [], directive: Directive.NoFileComp});
    expect(await complete('class create x --pool ')).toEqual({values: [], directive: Directive.NoFileComp});
    expect(asked).toEqual([]);
  });
  it('completes an argument with options (completion bash|zsh|fish)', async () => {
    expect((await complete('completion ')).values).toEqual(['bash', 'zsh', 'fish']);
    expect((await complete('completion z')).values).toEqual(['zsh']);
  });
  it('treats words after -- as arguments', async () => {
    expect(await complete('lint -- --o')).toEqual({values: [], directive: Directive.Default});
  });
});
