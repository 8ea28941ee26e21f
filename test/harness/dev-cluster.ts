// `npm run dev-cluster`: the test control plane in the foreground, with the CRDs and a few labelled Nodes, for
// trying every cluster command by hand. Ctrl-C stops it and removes its files.
import {startControlPlane} from './control-plane.js';

const plane = await startControlPlane((line) => console.error(line));
const nodes = [
  {name: 'lb-1', labels: {'node-role.kubernetes.io/loadbalancer': ''}},
  {name: 'lb-2', labels: {'node-role.kubernetes.io/loadbalancer': ''}},
  {name: 'lb-3', labels: {'node-role.kubernetes.io/loadbalancer': ''}},
  {name: 'worker-1', labels: {'node-role.kubernetes.io/worker': ''}},
];
for (const node of nodes) await plane.request('POST', '/api/v1/nodes', {metadata: node});
console.log(`Control plane ready at ${plane.server} (kube-apiserver started in ${plane.startMs} ms).`);
console.log(`  export KUBECONFIG=${plane.kubeconfig}`);
console.log('  ./bin/run.js metallb enable && ./bin/run.js metallb class create ingress --pool 192.0.2.100-192.0.2.150 --node-selector node-role.kubernetes.io/loadbalancer=');
console.log('Contexts: admin (current) and restricted (may only read classes and Services). Ctrl-C stops it.');
let stopping = false;
const stop = async () => {
  if (stopping) return;
  stopping = true;
  await plane.stop();
  console.error('Stopped; files removed.');
  process.exit(0);
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
setInterval(() => {}, 1 << 30);
