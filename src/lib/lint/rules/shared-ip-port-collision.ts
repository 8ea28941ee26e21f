import {ANNOTATIONS} from '../../manifests/constants.js';
import {defineRule} from '../rule.js';
import type {ServiceEntry} from '../world.js';

function ports(s: ServiceEntry): {key: string; index: number}[] {
  const list = Array.isArray(s.spec.ports) ? s.spec.ports : [];
  return list.flatMap((p, index) => {
    const port = (p as {port?: unknown; protocol?: unknown}) ?? {};
    return typeof port.port === 'number' ? [{key: `${typeof port.protocol === 'string' ? port.protocol : 'TCP'}/${port.port}`, index}] : [];
  });
}

export default defineRule({
  id: 'shared-ip-port-collision',
  severity: 'error',
  description: 'Services that share addresses (one sharing key) use the same protocol and port: they cannot share.',
  check({world, report}) {
    const groups = new Map<string, Map<string, ServiceEntry>>();
    for (const s of world.services) {
      if (!s.isLoadBalancer || s.sharingKey === undefined || !s.resolvedClass) continue;
      const group = `${s.resolvedClass.name}\u0000${s.sharingKey}`;
      const used = groups.get(group) ?? new Map<string, ServiceEntry>();
      groups.set(group, used);
      for (const {key, index} of ports(s)) {
        const other = used.get(key);
        if (other && other !== s) {
          report({doc: s.doc, path: ['spec', 'ports', index], message: `${key} is also used by ${other.id}, which shares addresses with ${s.id} (${ANNOTATIONS.sharedIpKey}: ${JSON.stringify(s.sharingKey)}), so they cannot share; use another port or another sharing key.`});
        } else used.set(key, s);
      }
    }
  },
});
