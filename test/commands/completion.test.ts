// Shell completion in the real shells: the scripts `completion bash|zsh|fish` print, loaded into bash, zsh and fish,
// with d8-metallb, kubectl-metallb and d8 on PATH as links to the checkout's programs. bash's and zsh's line editors
// are driven through a pseudo-terminal (util-linux `script`), Tab and all; fish answers `complete -C` itself.
import {spawn, spawnSync} from 'node:child_process';
import {mkdtempSync, symlinkSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {beforeAll, describe, expect, it} from 'vitest';
import {ROOT, metallb} from '../helpers/cli.js';
import {stripAnsi} from '../helpers/pty.js';

const dir = mkdtempSync(join(tmpdir(), 'd8-metallb-completion-'));
const bin = join(dir, 'bin');
const home = join(dir, 'home');
const scripts: Record<string, string> = {};
const env = {...process.env, PATH: `${bin}:${process.env.PATH}`, HOME: home, NO_COLOR: '1', KUBECONFIG: join(dir, 'no-kubeconfig'), DEBUG: undefined};

beforeAll(async () => {
  spawnSync('mkdir', ['-p', bin, home]);
  symlinkSync(join(ROOT, 'bin/d8-metallb.js'), join(bin, 'd8-metallb'));
  symlinkSync(join(ROOT, 'bin/kubectl-metallb.js'), join(bin, 'kubectl-metallb'));
  symlinkSync(join(ROOT, 'bin/run.js'), join(bin, 'd8'));
  for (const shell of ['bash', 'zsh', 'fish']) {
    const result = await metallb('completion', shell);
    expect(result.code).toBe(0);
    scripts[shell] = join(dir, `completion.${shell}`);
    writeFileSync(scripts[shell]!, result.stdout);
  }
});

/** bash's completion function run as readline would run it: COMP_LINE, COMP_POINT, COMP_WORDS and COMP_CWORD set. */
function bashComplete(line: string, before = ''): {reply: string[]; stderr: string} {
  const script = `${before}
source ${scripts.bash}
COMP_LINE=$1; COMP_POINT=\${#COMP_LINE}
read -ra COMP_WORDS <<< "$COMP_LINE"; [[ "$COMP_LINE" == *' ' ]] && COMP_WORDS+=('')
COMP_CWORD=$(( \${#COMP_WORDS[@]} - 1 ))
spec=$(complete -p "\${COMP_WORDS[0]}"); fn=\${spec##*-F }; fn=\${fn%% *}
"$fn" "\${COMP_WORDS[0]}" "\${COMP_WORDS[COMP_CWORD]}" "\${COMP_WORDS[COMP_CWORD-1]}"
printf '%s\\n' "\${COMPREPLY[@]}"`;
  const result = spawnSync('bash', ['--norc', '--noprofile', '-c', script, 'test', line], {cwd: ROOT, env, encoding: 'utf8'});
  return {reply: result.stdout.split('\n').filter((l) => l !== ''), stderr: result.stderr};
}

/** An interactive shell on a pty: each entry of `keys` is typed, then the screen is read once it settles. */
async function typeInShell(command: string, setup: string, keys: string): Promise<string> {
  const child = spawn('script', ['-qfec', command, '/dev/null'], {cwd: ROOT, env: {...env, TERM: 'dumb', PS1: '$ ', PROMPT: '$ '}, stdio: ['pipe', 'pipe', 'pipe']});
  let output = '';
  child.stdout.on('data', (d) => (output += d));
  child.stderr.on('data', (d) => (output += d));
  const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
  const settled = async (marker: string) => {
    for (let i = 0; i < 200 && !stripAnsi(output).includes(marker); i++) await sleep(50);
  };
  child.stdin.write(`${setup}; echo READY-$((6*7))\n`);
  await settled('READY-42');
  const start = output.length;
  child.stdin.write(keys);
  // Every Tab runs the CLI once; wait until the screen stops changing.
  let last = -1;
  for (let i = 0; i < 100 && output.length !== last; i++) {
    last = output.length;
    await sleep(700);
  }
  child.stdin.write('\u0003exit\n');
  setTimeout(() => child.kill(), 2000).unref();
  await new Promise((r) => child.on('close', r));
  return stripAnsi(output.slice(start));
}

describe('bash', () => {
  it('registers for d8-metallb, kubectl-metallb and d8', () => {
    const result = spawnSync('bash', ['--norc', '-c', `source ${scripts.bash}; complete -p d8-metallb kubectl-metallb d8`], {env, encoding: 'utf8'});
    expect(result.stdout.trim().split('\n')).toEqual([
      'complete -o bashdefault -F __d8_metallb_bash d8-metallb',
      'complete -o bashdefault -F __d8_metallb_bash kubectl-metallb',
      'complete -o bashdefault -F __d8_metallb_bash d8',
    ]);
  });
  it('completes topics, commands, flags and flag values under every name', () => {
    expect(bashComplete('d8-metallb cl').reply).toEqual(['class']);
    expect(bashComplete('d8-metallb ').reply).toEqual(['announce', 'bgp', 'class', 'completion', 'disable', 'enable', 'init', 'ip', 'lint', 'migrate', 'service', 'status']);
    expect(bashComplete('kubectl-metallb bgp ').reply).toEqual(['config', 'peer', 'pool']);
    expect(bashComplete('d8 metallb ip ').reply).toEqual(['allocate', 'free', 'inspect', 'probe', 'usage']);
    expect(bashComplete('d8-metallb class create ingress -o ').reply).toEqual(['yaml', 'json', 'name']);
    expect(bashComplete('d8-metallb class create ingress --type ').reply).toEqual(['L2']);
    expect(bashComplete('d8-metallb ip usage --ip-family ').reply).toEqual(['IPv4', 'IPv6']);
    expect(bashComplete('d8-metallb lint --out').reply).toEqual(['--output']);
    expect(bashComplete('d8-metallb status --').reply).toEqual(expect.arrayContaining(['--wait', '--watch', '--kubeconfig', '--help']));
  });
  it('replaces only what follows = (bash splits words there)', () => {
    expect(bashComplete('d8-metallb class create ingress --dry-run=').reply).toEqual(['none', 'client', 'server']);
    expect(bashComplete('d8-metallb class create ingress --dry-run=cl').reply).toEqual(['client']);
  });
  it('offers metallb after d8, and leaves the rest of d8 to d8\'s own completion', () => {
    expect(bashComplete('d8 me').reply).toEqual(['metallb']);
    const d8Own = '_d8_own() { COMPREPLY=(own-completion); }; complete -F _d8_own d8';
    expect(bashComplete('d8 sta', d8Own).reply).toEqual(['own-completion']);
    expect(bashComplete('d8 metallb sta', d8Own).reply).toEqual(['status']);
  });
  it('says nothing on stderr when there is no cluster to ask', () => {
    expect(bashComplete('d8-metallb class get ')).toEqual({reply: [], stderr: ''});
  });
  it('on a terminal, Tab completes a command, a file for -f, and lists --dry-run= values', async () => {
    const screen = await typeInShell('bash --norc --noprofile -i', `source ${scripts.bash}`, 'd8-metallb cl\t\u0015d8-metallb lint -f test/fixtures/seed-ex\t\u0015d8-metallb class create x --dry-run=\t\t');
    expect(screen).toContain('d8-metallb class ');
    expect(screen).toContain('d8-metallb lint -f test/fixtures/seed-examples.yaml ');
    expect(screen).toMatch(/client\s+none\s+server/);
  }, 60_000);
});

describe('zsh', () => {
  it('on a terminal, Tab completes a command, a file for -f, and shows descriptions of a topic\'s commands', async () => {
    const screen = await typeInShell('zsh -f -i', `autoload -U compinit && compinit -u && source ${scripts.zsh}`, 'd8-metallb cl\t\u0015d8-metallb lint -f test/fixtures/seed-ex\t\u0015d8 metallb bgp \t');
    expect(screen).toContain('d8-metallb class ');
    expect(screen).toContain('d8-metallb lint -f test/fixtures/seed-examples.yaml ');
    expect(screen).toMatch(/pool\s+-- MetalLoadBalancerPool: IPv4 addresses for BGP Services\./);
  }, 60_000);
});

describe('fish', () => {
  const fish = (line: string) => spawnSync('fish', ['--no-config', '-c', `source ${scripts.fish}; complete -C${JSON.stringify(line).replace(/\$/g, '\\$')}`], {cwd: ROOT, env, encoding: 'utf8'});
  it('completes with descriptions, option values, files for -f and the metallb part of d8', () => {
    expect(fish('d8-metallb cl').stdout).toBe('class\tMetalLoadBalancerClass: the L2 address pools and the nodes that announce them.\n');
    expect(fish('kubectl-metallb class create x -o ').stdout.split('\n').filter(Boolean).sort()).toEqual(['json', 'name', 'yaml']);
    expect(fish('d8-metallb lint -f test/fixtures/seed-ex').stdout).toBe('test/fixtures/seed-examples.yaml\n');
    expect(fish('d8 met').stdout).toBe('metallb\tDeckhouse metallb module\n');
    expect(fish('d8 metallb bgp p').stdout.split('\n').filter(Boolean).map((l) => l.split('\t')[0])).toEqual(['peer', 'pool']);
    expect(fish('d8-metallb class create x --dry-run=').stdout.split('\n').filter(Boolean).sort()).toEqual(['--dry-run=client', '--dry-run=none', '--dry-run=server']);
  });
});

describe('__complete', () => {
  it('answers in cobra\'s format, which kubectl_complete-metallb gives kubectl (1.26 and later)', async () => {
    const result = await metallb('__complete', 'class', 'create', 'x', '-o', '');
    expect(result).toMatchObject({code: 0, stdout: 'yaml\njson\nname\n:4\n', stderr: ''});
    const kubectl = spawnSync(process.execPath, [join(ROOT, 'bin/kubectl_complete-metallb.js'), 'ip', 'fr'], {env, encoding: 'utf8'});
    expect(kubectl.stdout).toBe('free\tThe free address ranges of a class or BGP pool, in pool order.\n:4\n');
  });
  it('is not taken for help or another command by the words on the line', async () => {
    const result = await metallb('__complete', 'lint', '--help', '--o');
    expect(result.stdout).toBe('--output\ttext (default; github when GITHUB_ACTIONS=true), json, junit, sarif or github.\n:4\n');
  });
});
