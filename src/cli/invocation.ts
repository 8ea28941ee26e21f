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

/**
 * How the single executable was run: through d8 (PLUGINS_CALLER, or d8's own file names plugin and current), or
 * through a link on PATH named d8-metallb, kubectl-metallb or kubectl_complete-metallb.
 */
export function executableInvocation(link: string, env: NodeJS.ProcessEnv): string {
  if (env.PLUGINS_CALLER) return 'd8 metallb';
  if (link === 'kubectl-metallb' || link === 'kubectl_complete-metallb') return 'kubectl metallb';
  return link === 'd8-metallb' ? 'd8-metallb' : 'd8 metallb';
}
