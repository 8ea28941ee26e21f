// What the module renders for MetalLB from BGP mode's objects: hooks/discovery_bgp.go handleBGP, then the templates
// controller/ipaddresspools.yaml, speaker/bgppeers.yaml, speaker/bgp-advertisements.yaml, speaker/secrets.yaml
// (deckhouse/deckhouse ee/modules/380-metallb).
import type {LabelSelector} from './labels.js';
import type {BgpObjects, CopiedSecret, HookSkip, MetallbAdvertisement, MetallbBgp, MetallbPeer, MetallbPool} from './types.js';

const HOSTNAME = 'kubernetes.io/hostname';
const byName = <T extends {name: string}>(a: T, b: T) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);

export function renderBgp(objects: BgpObjects): MetallbBgp {
  // The template writes `autoAssign: {{ .autoAssign | default true }}`: Helm's default treats false as unset, so
  // every pool renders autoAssign: true whatever the MetalLoadBalancerPool says (lint's bgp-pool-auto-assign says so).
  const pools: MetallbPool[] = objects.pools.map((p) => ({name: p.name, addresses: p.addresses, autoAssign: true, avoidBuggyIPs: p.avoidBuggyIPs === true}));
  const peersByName = new Map(objects.peers.map((p) => [p.name, p]));
  // The hook's Secret snapshot selects by the password label: an unlabelled Secret is as good as missing.
  const secrets = new Map(objects.secrets.filter((s) => s.labelled).map((s) => [`${s.namespace}/${s.name}`, s]));
  const unlabelled = new Set(objects.secrets.filter((s) => !s.labelled).map((s) => `${s.namespace}/${s.name}`));
  const peers: MetallbPeer[] = [];
  const advertisements: MetallbAdvertisement[] = [];
  const copied = new Map<string, CopiedSecret>();
  const skipped: HookSkip[] = [];
  const terms: Record<string, string>[] = [];
  let everyNode = false;

  for (const peer of objects.peers) if (peer.bfd) skipped.push({code: 'bfd-ignored', peer: peer.name});
  for (const cfg of objects.configurations) {
    if (cfg.mode !== 'BGP') {
      skipped.push({code: 'not-bgp', configuration: cfg.name, mode: cfg.mode});
      continue;
    }
    const hasSelector = Object.keys(cfg.nodeSelector).length > 0;
    if (hasSelector) terms.push({...cfg.nodeSelector});
    else everyNode = true;

    const generated: string[] = [];
    for (const peerName of cfg.peerNames) {
      const peer = peersByName.get(peerName);
      if (!peer) {
        skipped.push({code: 'unknown-peer', configuration: cfg.name, peer: peerName});
        continue;
      }
      let passwordSecret: string | undefined;
      if (peer.passwordSecretRef) {
        const {namespace, name} = peer.passwordSecretRef;
        const found = secrets.get(`${namespace}/${name}`);
        if (found) {
          passwordSecret = `bgp-pwd-${namespace}-${name}`;
          copied.set(passwordSecret, {name: passwordSecret, source: {namespace, name}, keys: found.keys});
        } else skipped.push({code: 'secret-not-found', peer: peer.name, secret: `${namespace}/${name}`, reason: unlabelled.has(`${namespace}/${name}`) ? 'unlabelled' : 'missing'});
      }
      const common = {
        peer: peer.name, configuration: cfg.name, myASN: peer.myASN, peerASN: peer.peerASN, peerAddress: peer.peerAddress,
        ...(peer.peerPort !== undefined ? {peerPort: peer.peerPort} : {}),
        ...(peer.routerID ? {routerID: peer.routerID} : {}),
        ...(peer.holdTime ? {holdTime: peer.holdTime} : {}),
        ...(passwordSecret ? {passwordSecret} : {}),
      };
      const explicitNodes: string[] = [];
      for (const source of peer.sourceAddresses) {
        explicitNodes.push(source.nodeName);
        const name = `${peer.name}-${cfg.name}-node-${source.nodeName}`;
        generated.push(name);
        peers.push({name, ...common, sourceAddress: source.address, nodeSelectors: [{matchLabels: {...cfg.nodeSelector, [HOSTNAME]: source.nodeName}}]});
        terms.push({[HOSTNAME]: source.nodeName});
      }
      const fallback: LabelSelector[] = [];
      if (hasSelector || explicitNodes.length > 0) {
        fallback.push({
          matchLabels: {...cfg.nodeSelector},
          ...(explicitNodes.length > 0 ? {matchExpressions: [{key: HOSTNAME, operator: 'NotIn' as const, values: [...explicitNodes].sort()}]} : {}),
        });
      }
      const name = `${peer.name}-${cfg.name}`;
      generated.push(name);
      peers.push({name, ...common, nodeSelectors: fallback});
    }
    cfg.advertisements.forEach((adv, i) => {
      advertisements.push({
        name: `${cfg.name}-adv-${i}`,
        configuration: cfg.name,
        pools: adv.poolNames,
        peers: [...generated],
        nodeSelectors: hasSelector ? [{matchLabels: {...cfg.nodeSelector}}] : [],
        communities: adv.communities ?? [],
        // The template's ifs drop 0 (MetalLB then uses its default 32, and no LOCAL_PREF value).
        ...(adv.aggregationLength ? {aggregationLength: adv.aggregationLength} : {}),
        ...(adv.localPref ? {localPref: adv.localPref} : {}),
      });
    });
  }
  const unique = new Map(terms.map((t) => [JSON.stringify(Object.entries(t).sort()), t]));
  return {
    pools: pools.sort(byName),
    peers: peers.sort(byName),
    advertisements: advertisements.sort(byName),
    secrets: [...copied.values()].sort(byName),
    // A configuration without nodeSelector, or none at all: the speaker runs on every node.
    ...(!everyNode && unique.size > 0 ? {speakerTerms: [...unique.values()]} : {}),
    skipped,
  };
}
