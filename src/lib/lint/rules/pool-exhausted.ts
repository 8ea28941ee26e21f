import {plural, someOf} from '../../text/plural.js';
import {defineRule} from '../rule.js';
import type {ServiceEntry} from '../world.js';

// MetalLB allocates per family from the class's pool (allocator.go getFreeIPsFromPool), one internal object at a
// time in event order: when a class's addresses of one family are fewer than its Services of that family ask for,
// some stay pending, and which ones depends on that order.
export default defineRule({
  id: 'pool-exhausted',
  severity: 'error',
  description: 'The Services of a class together need more addresses of their family than its pool holds: some stay pending, which ones depends on processing order.',
  check({world, report}) {
    const groups = new Map<string, {klass: string; family: 4 | 6; services: ServiceEntry[]}>();
    for (const s of world.services) {
      if (!s.isLoadBalancer || !s.resolvedClass) continue;
      const family = s.family;
      const key = `${s.resolvedClass.name}\u0000${family}`;
      let group = groups.get(key);
      if (!group) groups.set(key, (group = {klass: s.resolvedClass.name, family, services: []}));
      group.services.push(s);
    }
    for (const {klass: name, family, services} of groups.values()) {
      const klass = world.classesByName.get(name)!;
      if (!klass.valid) continue;
      const size = klass.familySize[family];
      if (size === 0n) continue; // service-family-not-in-class
      // Services sharing a key share addresses: a sharing group needs as many as its largest member.
      const sharing = new Map<string, number>();
      let requested = 0;
      for (const s of services) {
        if (s.sharingKey === undefined) requested += s.count;
        else sharing.set(s.sharingKey, Math.max(sharing.get(s.sharingKey) ?? 0, s.count));
      }
      for (const n of sharing.values()) requested += n;
      if (BigInt(requested) <= size) continue;
      const mixed = klass.familySize[family === 4 ? 6 : 4] > 0n;
      report({
        doc: klass.doc, path: ['spec', 'addressPool'], at: 'key',
        message: `the ${plural(services.length, mixed ? `IPv${family} Service` : 'Service')} of class ${name}${services.length > 1 ? ` (${someOf(services.map((s) => s.id))})` : ''} request ${requested} addresses but its pool has ${size}${mixed ? ` IPv${family} ones` : ''}, so ${BigInt(requested) - size} stay pending${services.length > 1 ? ', and which Services they belong to depends on the order MetalLB handles them' : ''}; grow the pool or lower the counts.`,
      });
    }
  },
});
