import {plural} from '../../text/plural.js';
import {defineRule} from '../rule.js';
import type {ServiceEntry} from '../world.js';

export default defineRule({
  id: 'pool-exhausted',
  severity: 'error',
  description: 'The Services of a class together need more addresses than its pool holds: some stay pending.',
  check({world, report}) {
    const byClass = new Map<string, ServiceEntry[]>();
    for (const s of world.services) {
      if (!s.isLoadBalancer || !s.resolvedClass) continue;
      const list = byClass.get(s.resolvedClass.name) ?? [];
      list.push(s);
      byClass.set(s.resolvedClass.name, list);
    }
    for (const [name, services] of byClass) {
      const klass = world.classesByName.get(name)!;
      if (!klass.valid) continue;
      // Services sharing a key share addresses: a sharing group needs as many as its largest member.
      const groups = new Map<string, number>();
      let requested = 0;
      for (const s of services) {
        if (s.sharingKey === undefined) requested += s.count;
        else groups.set(s.sharingKey, Math.max(groups.get(s.sharingKey) ?? 0, s.count));
      }
      for (const n of groups.values()) requested += n;
      if (BigInt(requested) <= klass.pool.size) continue;
      report({doc: klass.doc, path: ['spec', 'addressPool'], at: 'key', message: `the ${plural(services.length, "Service")} of class ${name} request ${requested} addresses but its pool has ${klass.pool.size}, so ${BigInt(requested) - klass.pool.size} stay pending; grow the pool or lower the counts.`});
    }
  },
});
