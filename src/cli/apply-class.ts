// Creating a class in a cluster, after the checks the module does not do (or does only in its webhook).
import {CLASSES, type ClusterClient, type KubeObject} from '../lib/cluster/client.js';
import {ExitCode, UserError} from '../lib/errors.js';
import {isObject} from '../lib/manifests/objects.js';
import type {MetalLoadBalancerClass} from '../lib/manifests/types.js';
import {findOverlaps, tryParsePoolEntry} from '../lib/net/index.js';

export async function applyClass(client: ClusterClient, manifest: MetalLoadBalancerClass, overwrite: boolean, dryRun: boolean): Promise<{object: KubeObject; action: 'created' | 'replaced'}> {
  const name = manifest.metadata.name;
  const classes = await client.list(CLASSES);
  const existing = classes.find((c) => c.metadata.name === name);
  if (existing && !overwrite) {
    throw new UserError(`MetalLoadBalancerClass ${JSON.stringify(name)} already exists in the cluster; choose another name, or add --overwrite to replace it.`, {exitCode: ExitCode.Cluster});
  }
  const others = classes.filter((c) => c.metadata.name !== name);
  const entries = (object: {metadata: {name: string}; spec?: unknown}) => {
    const spec = isObject(object.spec) ? object.spec : {};
    const list = Array.isArray(spec.addressPool) ? spec.addressPool : [];
    return list.flatMap((text) => {
      const entry = typeof text === 'string' ? tryParsePoolEntry(text).entry : undefined;
      return entry ? [{owner: {class: object.metadata.name, text: text as string}, entry}] : [];
    });
  };
  const mine = entries(manifest);
  for (const {a, b} of findOverlaps([...others.flatMap(entries), ...mine])) {
    if (a.owner.class === b.owner.class) continue;
    const [theirs, ours] = a.owner.class === name ? [b, a] : [a, b];
    throw new UserError(`--pool ${JSON.stringify(ours.owner.text)} overlaps ${JSON.stringify(theirs.owner.text)} of class ${theirs.owner.class}, and MetalLB would then reject the whole configuration (no class gets new addresses); choose addresses outside the other classes' pools.`);
  }
  if (manifest.spec.isDefault) {
    const otherDefault = others.find((c) => isObject(c.spec) && c.spec.isDefault === true);
    if (otherDefault) {
      throw new UserError(`there is another default MetalLoadBalancerClass; set its "isDefault" flag to "false" (class ${otherDefault.metadata.name} is the default now), or create this one without --default.`);
    }
  }
  if (existing) {
    const body = {...manifest, metadata: {...manifest.metadata, resourceVersion: existing.metadata.resourceVersion as string}} as unknown as KubeObject;
    return {object: await client.replace(CLASSES, body, dryRun), action: 'replaced'};
  }
  return {object: await client.create(CLASSES, manifest as unknown as KubeObject, dryRun), action: 'created'};
}
