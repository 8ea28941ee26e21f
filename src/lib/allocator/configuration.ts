// Whether MetalLB accepts the configuration the module renders from the classes (one IPAddressPool per class, named
// after it: templates/l2lb/controller/ipaddresspools.yaml). MetalLB builds all pools at once and refuses the whole
// configuration on the first entry it cannot parse or the first CIDR that overlaps one defined before it, in any
// pool (internal/config/config.go poolsFor, addressPoolFromCR); its pool controller then keeps the previous
// configuration, so no Service gets a new address until the mistake is fixed (controller/pool_controller.go).
import {type PoolEntry, rangesOverlap, summarizeBlocks, tryParsePoolEntry} from '../net/index.js';

export interface PoolDefinition {
  /** The class (MetalLB's pool name). */
  readonly name: string;
  /** spec.addressPool as written. */
  readonly entries: readonly string[];
  /** What to call it in our words: a class (default) or a BGP pool (MetalLoadBalancerPool). */
  readonly label?: 'class' | 'pool';
}

export interface ConfigurationRejection {
  readonly pool: string;
  readonly entry: string;
  /** What MetalLB's controller logs, word for word. */
  readonly metallbMessage: string;
  /** The same in our words, and the fix. */
  readonly reason: string;
  readonly hint: string;
  /** For an overlap: the entry defined before it. */
  readonly other?: {readonly pool: string; readonly entry: string};
}

const q = JSON.stringify;

interface Block {
  readonly pool: string;
  readonly label: string;
  readonly entry: string;
  readonly cidr: string;
  readonly family: 4 | 6;
  readonly first: bigint;
  readonly last: bigint;
}

/**
 * The first reason MetalLB refuses the configuration, or undefined when it accepts it. Pools are taken in name
 * order (the order a list of them comes in); which of two overlapping entries MetalLB names first may differ if
 * its cache lists them otherwise, that it refuses does not.
 */
export function configurationRejection(pools: readonly PoolDefinition[]): ConfigurationRejection | undefined {
  const blocks: Block[] = [];
  const ordered = [...pools].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const label = (pool: PoolDefinition) => `${pool.label ?? 'class'} ${pool.name}`;
  for (const [i, pool] of ordered.entries()) {
    // A class and a MetalLoadBalancerPool of one name render two IPAddressPools of that name (poolsFor).
    const previous = ordered[i - 1];
    if (previous && previous.name === pool.name) {
      return {
        pool: pool.name, entry: pool.entries[0] ?? '', other: {pool: previous.name, entry: previous.entries[0] ?? ''},
        metallbMessage: `duplicate definition of pool ${q(pool.name)}`,
        reason: `${label(previous)} and ${label(pool)} render two MetalLB pools named ${pool.name}`, hint: 'rename one of them.',
      };
    }
    for (const text of pool.entries) {
      const parsed = tryParsePoolEntry(text);
      if (parsed.error) {
        if (parsed.error.code === 'mixed-families') continue; // accepted by MetalLB, with no addresses
        return {
          pool: pool.name, entry: text,
          metallbMessage: `parsing address pool ${pool.name}: invalid CIDR ${q(text)} in pool ${q(pool.name)}: ${parsed.error.metallbMessage}`,
          reason: `${label(pool)}: ${q(text)}: ${parsed.error.reason}`, hint: parsed.error.hint,
        };
      }
      for (const {cidr, range} of summarizeBlocks(parsed.entry.range)) blocks.push({pool: pool.name, label: label(pool), entry: text, cidr, ...range});
    }
  }
  const hit = firstOverlap(blocks);
  if (!hit) return undefined;
  const [current, earlier] = [blocks[hit.index]!, blocks[hit.earlier]!];
  const where = earlier.label === current.label ? `in the same ${current.label.split(' ')[0]}` : `of ${earlier.label}`;
  return {
    pool: current.pool, entry: current.entry, other: {pool: earlier.pool, entry: earlier.entry},
    metallbMessage: `CIDR ${q(current.cidr)} in pool ${q(current.pool)} overlaps with already defined CIDR ${q(earlier.cidr)}`,
    reason: `${current.label}: ${q(current.entry)} overlaps ${q(earlier.entry)} ${where}`, hint: 'make the pools disjoint.',
  };
}

/**
 * MetalLB checks each CIDR, in order, against all CIDRs before it: the first block that overlaps an earlier one,
 * and the earliest block it overlaps. Aligned blocks overlap only by containment, so a sweep in address order with
 * a stack of enclosing blocks finds, for every block, the lowest index among the blocks containing it and among
 * those it contains: O(n log n), where the pairwise check is quadratic (a class of a million /32 entries).
 */
function firstOverlap(blocks: readonly Block[]): {index: number; earlier: number} | undefined {
  const order = blocks.map((_, i) => i).sort((i, j) => {
    const a = blocks[i]!;
    const b = blocks[j]!;
    if (a.family !== b.family) return a.family - b.family;
    if (a.first !== b.first) return a.first < b.first ? -1 : 1;
    if (a.last !== b.last) return a.last > b.last ? -1 : 1; // the larger block encloses
    return i - j;
  });
  const aboveMin = new Array<number>(blocks.length).fill(Infinity); // lowest index among enclosing blocks
  const belowMin = new Array<number>(blocks.length).fill(Infinity); // lowest index among enclosed blocks
  const stack: number[] = [];
  const pop = () => {
    const done = stack.pop()!;
    const parent = stack[stack.length - 1];
    if (parent !== undefined) belowMin[parent] = Math.min(belowMin[parent]!, belowMin[done]!, done);
  };
  for (const i of order) {
    const block = blocks[i]!;
    while (stack.length > 0) {
      const top = blocks[stack[stack.length - 1]!]!;
      if (top.family === block.family && top.first <= block.first && block.last <= top.last) break;
      pop();
    }
    const parent = stack[stack.length - 1];
    if (parent !== undefined) aboveMin[i] = Math.min(aboveMin[parent]!, parent);
    stack.push(i);
  }
  while (stack.length > 0) pop();
  for (let i = 0; i < blocks.length; i++) {
    const earlier = Math.min(aboveMin[i]!, belowMin[i]!);
    if (earlier < i) return {index: i, earlier};
  }
  return undefined;
}

/** MetalLB's overlap message for two entries (the later one first), from the CIDRs it makes of them. */
export function overlapMessage(later: {pool: string; range: PoolEntry['range']}, earlier: {range: PoolEntry['range']}): string | undefined {
  const earlierBlocks = summarizeBlocks(earlier.range);
  for (const block of summarizeBlocks(later.range)) {
    const hit = earlierBlocks.find((other) => rangesOverlap(other.range, block.range));
    if (hit) return `CIDR ${q(block.cidr)} in pool ${q(later.pool)} overlaps with already defined CIDR ${q(hit.cidr)}`;
  }
  return undefined;
}
