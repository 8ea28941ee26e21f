// How the user ran us: "d8 metallb", "d8-metallb" or "kubectl metallb". Help, errors and notices name that, so a
// suggested command line works when pasted (bin/*.js tells main.js, which tells us).
const KEY = Symbol.for('d8-metallb.invocation');

export function invocation(): string {
  return ((globalThis as Record<symbol, unknown>)[KEY] as string | undefined) ?? 'd8 metallb';
}

/** Text written for "d8 metallb …" as the user invoked the tool. */
export function asInvoked(text: string): string {
  const name = invocation();
  return name === 'd8 metallb' ? text : text.replace(/\bd8 metallb\b/g, name);
}
