// BGP mode as lint sees it: the module's BGP objects among the inputs, rendered as the hook and templates render
// them, and the speaker's verdict on the result (shared by the bgp-* rules).
import {bgpObjects, type BgpInput} from '../bgp/from-manifests.js';
import {renderBgp} from '../bgp/render.js';
import {speakerConfig, type SpeakerConfig} from '../bgp/speaker-config.js';
import type {MetallbBgp} from '../bgp/types.js';
import type {ManifestDocument} from '../input/documents.js';
import type {World} from './world.js';

export interface BgpView {
  readonly objects: BgpInput;
  readonly metallb: MetallbBgp;
  readonly speaker: SpeakerConfig;
  /** The document of a module object by kind and name ("MetalLoadBalancerBGPPeer r1"). */
  readonly doc: (object: string) => ManifestDocument | undefined;
  /** Whether the input has any Secret (only then can a missing one be told from one left out). */
  readonly hasSecrets: boolean;
}

const cache = new WeakMap<World, BgpView>();

export function bgpView(world: World): BgpView {
  let view = cache.get(world);
  if (view) return view;
  const objects = bgpObjects(world.documents);
  const metallb = renderBgp(objects);
  const classPools = world.classes.map((c) => ({name: c.name, addresses: c.entries.map((e) => e.text), autoAssign: true, avoidBuggyIPs: false, l2Class: true}));
  // Only the kinds findings point at: a lint of 100,000 Services must not index every document.
  const docs = new Map<string, ManifestDocument>();
  for (const d of [...world.bgpPools.map((p) => p.doc), ...world.bgpPeers, ...world.bgpConfigurations]) if (d.kind && d.name !== undefined && !docs.has(`${d.kind} ${d.name}`)) docs.set(`${d.kind} ${d.name}`, d);
  const moduleConfig = world.moduleConfigs.find((d) => d.name === 'metallb');
  view = {
    objects, metallb,
    speaker: speakerConfig(metallb, classPools, world.nodes),
    // Objects the migration creates live in the ModuleConfig's settings: findings about them point there.
    doc: (object) => docs.get(object) ?? moduleConfig,
    hasSecrets: objects.secrets.length > 0,
  };
  cache.set(world, view);
  return view;
}
