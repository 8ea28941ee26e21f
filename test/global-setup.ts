// Once per test run: check the build, and start the real control plane (etcd + kube-apiserver) for the cluster
// tests; it is stopped and its files removed when the run ends.
import {existsSync} from 'node:fs';
import type {TestProject} from 'vitest/node';
import {startControlPlane} from './harness/control-plane.js';

declare module 'vitest' {
  export interface ProvidedContext {
    kubeconfig: string;
    apiServer: string;
    adminToken: string;
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  if (!existsSync(new URL('../dist/cli.cjs', import.meta.url))) {
    throw new Error('dist/ is missing: run the tests with `npm test`, which builds first.');
  }
  // For quick local runs of other tests only; the cluster tests then fail, so CI never skips them.
  if (process.env.D8_METALLB_SKIP_CLUSTER === '1') return async () => {};
  const plane = await startControlPlane((line) => console.log(`[control plane] ${line}`));
  project.provide('kubeconfig', plane.kubeconfig);
  project.provide('apiServer', plane.server);
  project.provide('adminToken', plane.adminToken);
  return () => plane.stop();
}
