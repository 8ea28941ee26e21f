// Node ranking as the module does it: hex sha256 strings compared as strings.
import {createHash, hash} from 'node:crypto';

// crypto.hash (Node ≥ 20.12) hashes a short string without creating a Hash object: the engine hashes one
// string per node and class, and per node and address whenever a preferred node is unavailable.
const oneShot = typeof hash === 'function' ? (text: string) => hash('sha256', text, 'hex') : (text: string) => createHash('sha256').update(text).digest('hex');

export function sha256Hex(text: string): string {
  return oneShot(text);
}

/** The class's nodes in preferred-node order: sorted by sha256(className + "#" + nodeName). */
export function preferredOrder(className: string, nodeNames: readonly string[]): string[] {
  return nodeNames
    .map((name) => ({name, key: sha256Hex(`${className}#${name}`)}))
    .sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0))
    .map((n) => n.name);
}

/** The fall-back announcer for an address: the available node with the lowest sha256(nodeName + "#" + ip). */
export function fallbackAnnouncer(available: readonly string[], ip: string): string | null {
  let best: string | null = null;
  let bestKey = '';
  for (const name of available) {
    const key = sha256Hex(`${name}#${ip}`);
    if (best === null || key < bestKey) {
      best = name;
      bestKey = key;
    }
  }
  return best;
}
