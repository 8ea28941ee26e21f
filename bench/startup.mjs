// Cold start of the CLI against bare Node, measured in one run, interleaved so that machine noise hits all alike.
// Targets: issue 2, median ≤ 2.5× `node -e 0` for `--version` and `class create --dry-run=client -o yaml`; issue 14, offline
// commands ≤ 1.3× and `--version` ≤ 1.1×, from the checkout and as the single executable (rows "plugin …").
// The first run after a build compiles the bundle and writes the V8 code cache (bin/main.js); the warm-up rounds
// absorb it, and the "without the V8 code cache" row shows what a run without it costs. help, class create, service create and lint
// run on the fast path (src/cli/fast); "… on oclif" rows run the same command lines with D8_METALLB_FAST=off, for the
// difference. stdout is a pipe here: help on a terminal is oclif's (it fits the text to the width).
import {spawnSync} from 'node:child_process';
import {existsSync, statSync} from 'node:fs';
import {fileURLToPath} from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const runs = Number(process.env.BENCH_RUNS ?? 25);
const cases = {
  'node -e 0': ['-e', '0'],
  'd8 metallb --version': ['bin/run.js', 'metallb', '--version'],
  'd8 metallb class create … --dry-run=client -o yaml': ['bin/run.js', 'metallb', 'class', 'create', 'ingress', '--pool', '192.168.2.100-192.168.2.150', '--node-selector', 'node-role.kubernetes.io/loadbalancer=', '--dry-run=client', '-o', 'yaml'],
  'same, without the V8 code cache': ['bin/run.js', 'metallb', 'class', 'create', 'ingress', '--pool', '192.168.2.100-192.168.2.150', '--node-selector', 'node-role.kubernetes.io/loadbalancer=', '--dry-run=client', '-o', 'yaml'],
  'd8 metallb service create … --dry-run=client': ['bin/run.js', 'metallb', 'service', 'create', 'nginx-deployment', '--class', 'ingress', '--port', '8000:80/TCP', '--selector', 'app=nginx', '--ips', '3', '--dry-run=client'],
  'd8 metallb lint (one small file)': ['bin/run.js', 'metallb', 'lint', 'test/fixtures/seed-examples.yaml'],
  'd8 metallb lint (one small file) on oclif': ['bin/run.js', 'metallb', 'lint', 'test/fixtures/seed-examples.yaml'],
  'd8 metallb enable (BGP settings) --dry-run=client': ['bin/run.js', 'metallb', 'enable', '--address-pool', 'name=mypool,addresses=192.168.219.100-192.168.219.200', '--bgp-peer', 'peer-address=172.18.18.10,peer-asn=64601,my-asn=64600,hold-time=3s', '--dry-run=client'],
};

// The single executable (npm run package), when it has been built: the same commands, no Node on the command line.
const PLUGIN = 'dist/plugin/linux-amd64/plugin';
const plugin = existsSync(new URL(`../${PLUGIN}`, import.meta.url)) && process.platform === 'linux' && process.arch === 'x64';
if (plugin) {
  Object.assign(cases, {
    'plugin --version': {file: PLUGIN, args: ['--version']},
    'plugin --help': {file: PLUGIN, args: ['--help']},
    'plugin class create … --dry-run=client -o yaml': {file: PLUGIN, args: cases['d8 metallb class create … --dry-run=client -o yaml'].slice(2)},
    'plugin lint (one small file)': {file: PLUGIN, args: ['lint', 'test/fixtures/seed-examples.yaml']},
  });
}
cases['d8 metallb --help'] = ['bin/run.js', 'metallb', '--help'];
cases['d8 metallb class create --help'] = ['bin/run.js', 'metallb', 'class', 'create', '--help'];
cases['d8 metallb class create --help on oclif'] = ['bin/run.js', 'metallb', 'class', 'create', '--help'];
/** Targets of issue 14, by row. */
const TARGETS = {
  'd8 metallb --version': 1.1, 'plugin --version': 1.1,
  'd8 metallb class create … --dry-run=client -o yaml': 1.3, 'd8 metallb service create … --dry-run=client': 1.3, 'd8 metallb lint (one small file)': 1.3, 'd8 metallb --help': 1.3, 'd8 metallb class create --help': 1.3,
  'plugin --help': 1.3, 'plugin class create … --dry-run=client -o yaml': 1.3, 'plugin lint (one small file)': 1.3,
};

const times = Object.fromEntries(Object.keys(cases).map((name) => [name, []]));
for (let i = 0; i < runs + 2; i++) {
  for (const [name, args] of Object.entries(cases)) {
    const start = process.hrtime.bigint();
    const env = name.includes('without the V8 code cache') ? {...process.env, D8_METALLB_NO_CODE_CACHE: '1'} : name.endsWith(' on oclif') ? {...process.env, D8_METALLB_FAST: 'off'} : process.env;
    const [file, argv] = Array.isArray(args) ? [process.execPath, args] : [`${root}/${args.file}`, args.args];
    const result = spawnSync(file, argv, {cwd: root, env, stdio: ['ignore', 'pipe', 'pipe']});
    const ms = Number(process.hrtime.bigint() - start) / 1e6;
    if (result.status !== 0 && !(name.includes(' lint ') && result.status === 1)) throw new Error(`${name} failed: ${result.stderr}`);
    if (i >= 2) times[name].push(ms); // two warm-up rounds fill the OS file cache
  }
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const base = median(times['node -e 0']);
console.log(`cold start, median of ${runs} runs each (node ${process.version}, ${process.platform}-${process.arch})`);
for (const [name, xs] of Object.entries(times)) {
  const m = median(xs);
  const target = TARGETS[name];
  const verdict = target === undefined ? '' : m / base <= target ? `  ≤ ${target}× target: met` : `  > ${target}× target: missed`;
  console.log(`${name.padEnd(58)} ${m.toFixed(1).padStart(7)} ms  ${(m / base).toFixed(2)}× node${verdict}`);
}
if (plugin) console.log(`executable ${PLUGIN}: ${(statSync(new URL(`../${PLUGIN}`, import.meta.url)).size / 2 ** 20).toFixed(1)} MiB`);
