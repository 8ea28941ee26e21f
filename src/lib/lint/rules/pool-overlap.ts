import {overlapMessage} from '../../allocator/configuration.js';
import {findOverlaps} from '../../net/index.js';
import {defineRule} from '../rule.js';
import {allPools} from '../pools.js';

export default defineRule({
  id: 'pool-overlap',
  severity: 'error',
  description: 'Two pool entries overlap (in a class, across classes, or with ModuleConfig/BGP pools): MetalLB rejects the whole configuration.',
  check({world, report}) {
    const labelled = allPools(world).flatMap((pool) => pool.entries.flatMap((ref) => (ref.entry ? [{owner: {pool, ref}, entry: ref.entry}] : [])));
    for (const {a, b} of findOverlaps(labelled)) {
      const where = a.owner.pool === b.owner.pool ? 'in the same pool' : `in ${a.owner.pool.label}`;
      // MetalLB's own words, with the CIDRs it makes of the entries, so the controller's log can be searched for it.
      const metallb = overlapMessage({pool: b.owner.pool.name, range: b.owner.ref.entry!.range}, {range: a.owner.ref.entry!.range});
      report({
        doc: b.owner.pool.doc,
        path: b.owner.ref.path,
        message: `${JSON.stringify(b.owner.ref.text)} overlaps ${JSON.stringify(a.owner.ref.text)} ${where}; MetalLB then rejects the whole configuration (${metallb}) and no class gets new addresses; make the pools disjoint.`,
      });
    }
  },
});
