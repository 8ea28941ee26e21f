// Completion with a cluster, on a control plane of this file's own: class, node, namespace, Service and BGP object
// names come from the real kube-apiserver, through the bash script as a shell runs it; a cluster that does not
// answer costs at most a second, silently.
import {spawn, spawnSync} from 'node:child_process';
import {mkdirSync, mkdtempSync, symlinkSync, writeFileSync} from 'node:fs';
import {createServer} from 'node:net';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {type ControlPlane, startControlPlane} from '../harness/control-plane.js';
import {ROOT, metallb} from '../helpers/cli.js';

let plane: ControlPlane;
const dir = mkdtempSync(join(tmpdir(), 'd8-metallb-completion-cluster-'));
const script = join(dir, 'completion.bash');
const bin = join(dir, 'bin');
const NET = '/apis/network.deckhouse.io/v1alpha1';

const ok = async (method: string, path: string, body?: unknown) => {
  const r = await plane.request(method, path, body);
  if (r.status >= 300) throw new Error(`${method} ${path}: ${r.status} ${JSON.stringify(r.body)}`);
};

beforeAll(async () => {
  plane = await startControlPlane();
  mkdirSync(bin);
  symlinkSync(join(ROOT, 'bin/d8-metallb.js'), join(bin, 'd8-metallb'));
  writeFileSync(script, (await metallb('completion', 'bash')).stdout);
  await ok('POST', `${NET}/metalloadbalancerclasses`, {apiVersion: 'network.deckhouse.io/v1alpha1', kind: 'MetalLoadBalancerClass', metadata: {name: 'ingress'}, spec: {type: 'L2', addressPool: ['192.0.2.100-192.0.2.150']}});
  await ok('POST', `${NET}/metalloadbalancerclasses`, {apiVersion: 'network.deckhouse.io/v1alpha1', kind: 'MetalLoadBalancerClass', metadata: {name: 'internal'}, spec: {type: 'L2', addressPool: ['198.51.100.0/28']}});
  await ok('POST', `${NET}/metalloadbalancerpools`, {apiVersion: 'network.deckhouse.io/v1alpha1', kind: 'MetalLoadBalancerPool', metadata: {name: 'public'}, spec: {addresses: ['203.0.113.0/28']}});
  await ok('POST', `${NET}/metalloadbalancerbgppeers`, {apiVersion: 'network.deckhouse.io/v1alpha1', kind: 'MetalLoadBalancerBGPPeer', metadata: {name: 'tor-1'}, spec: {peerAddress: '192.0.2.1', peerASN: 64601, myASN: 64600}});
  for (const name of ['lb-1', 'lb-2']) await ok('POST', '/api/v1/nodes', {metadata: {name}});
  await ok('POST', '/api/v1/namespaces', {metadata: {name: 'shop'}});
  await ok('POST', '/api/v1/namespaces/shop/services', {metadata: {name: 'web'}, spec: {type: 'LoadBalancer', ports: [{port: 80}]}});
  await ok('POST', '/api/v1/namespaces/shop/services', {metadata: {name: 'db'}, spec: {type: 'ClusterIP', ports: [{port: 5432}]}});
}, 120_000);
afterAll(async () => plane?.stop());

/** The bash script's function, as readline calls it, for `line` (ending in a space: completing a new word). */
function bash(line: string): {reply: string[]; stderr: string} {
  const program = `source ${script}
COMP_LINE=$1; COMP_POINT=\${#COMP_LINE}
read -ra COMP_WORDS <<< "$COMP_LINE"; [[ "$COMP_LINE" == *' ' ]] && COMP_WORDS+=('')
COMP_CWORD=$(( \${#COMP_WORDS[@]} - 1 ))
__d8_metallb_bash
printf '%s\\n' "\${COMPREPLY[@]}"`;
  const result = spawnSync('bash', ['--norc', '-c', program, 'test', line], {cwd: ROOT, env: {...process.env, PATH: `${bin}:${process.env.PATH}`, KUBECONFIG: plane.kubeconfig, DEBUG: undefined}, encoding: 'utf8'});
  return {reply: result.stdout.split('\n').filter((l) => l !== ''), stderr: result.stderr};
}

describe('names from the cluster', () => {
  it('classes for class get and --class, nodes for --node and --drain', () => {
    expect(bash('d8-metallb class get ').reply).toEqual(['ingress', 'internal']);
    expect(bash('d8-metallb class delete in').reply).toEqual(['ingress', 'internal']);
    expect(bash('d8-metallb service create web --class i').reply).toEqual(['ingress', 'internal']);
    expect(bash('d8-metallb ip free ing').reply).toEqual(['ingress']);
    expect(bash('d8-metallb announce --node ').reply).toEqual(['lb-1', 'lb-2']);
    expect(bash('d8-metallb ip allocate --drain lb-1 --drain ').reply).toEqual(['lb-1', 'lb-2']);
  });
  it('namespaces for -n, LoadBalancer Services as NAMESPACE/NAME, and BGP objects for bgp config create', () => {
    expect(bash('d8-metallb service create web -n ').reply).toEqual(expect.arrayContaining(['default', 'kube-system', 'shop']));
    expect(bash('d8-metallb ip inspect sh').reply).toEqual(['shop/web']);
    expect(bash('d8-metallb bgp config create all --pool ').reply).toEqual(['public']);
    expect(bash('d8-metallb bgp config create all --peer ').reply).toEqual(['tor-1']);
    expect(bash('d8-metallb bgp peer get ').reply).toEqual(['tor-1']);
  });
  it('the contexts of the kubeconfig for --context', () => {
    expect(bash('d8-metallb status --context ').reply).toEqual(['admin', 'restricted']);
  });
  it('a cluster that accepts and never answers: nothing, within about a second, and no message', async () => {
    const server = createServer(() => {});
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const port = (server.address() as {port: number}).port;
    const kubeconfig = join(dir, 'silent.yaml');
    writeFileSync(kubeconfig, `apiVersion: v1\nkind: Config\nclusters: [{name: c, cluster: {server: "https://127.0.0.1:${port}", insecure-skip-tls-verify: true}}]\nusers: [{name: u, user: {token: t}}]\ncontexts: [{name: c, context: {cluster: c, user: u}}]\ncurrent-context: c\n`);
    // spawnSync would block the event loop that the silent server needs to accept: run bash asynchronously.
    const started = Date.now();
    const result = await new Promise<{stdout: string; stderr: string}>((resolve) => {
      const child = spawn('bash', ['--norc', '-c', `source ${script}; COMP_LINE='d8-metallb class get '; COMP_POINT=\${#COMP_LINE}; COMP_WORDS=(d8-metallb class get ''); COMP_CWORD=3; __d8_metallb_bash; printf '%s\\n' "\${COMPREPLY[@]}"`], {cwd: ROOT, env: {...process.env, PATH: `${bin}:${process.env.PATH}`, KUBECONFIG: kubeconfig}});
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (d) => (stdout += d));
      child.stderr.on('data', (d) => (stderr += d));
      child.on('close', () => resolve({stdout, stderr}));
    });
    const ms = Date.now() - started;
    server.close();
    expect(result).toEqual({stdout: '\n', stderr: ''});
    // One second of waiting for the cluster, plus the CLI's own start.
    expect(ms).toBeLessThan(2000);
    expect(ms).toBeGreaterThanOrEqual(1000);
  });
});
