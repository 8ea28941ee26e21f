// Durations as kubectl (Go's time.ParseDuration) writes them: 500ms, 30s, 1m30s, 2h, 1.5h; "0" alone. A bare integer
// is seconds, as kubectl's --request-timeout takes it.
const UNITS: Record<string, number> = {ns: 1e-6, us: 1e-3, 'µs': 1e-3, ms: 1, s: 1000, m: 60_000, h: 3_600_000};
const PART = /([0-9]*(?:\.[0-9]*)?)(ns|us|µs|ms|s|m|h)/gy;

/** Milliseconds, or undefined when the text is not a duration (negative ones included). */
export function parseDuration(text: string): number | undefined {
  if (/^[0-9]+$/.test(text)) return Number(text) * 1000;
  if (text === '') return undefined;
  let total = 0;
  PART.lastIndex = 0;
  let at = 0;
  while (at < text.length) {
    PART.lastIndex = at;
    const match = PART.exec(text);
    if (!match || match[1] === '' || match[1] === '.') return undefined;
    total += Number(match[1]) * UNITS[match[2]!]!;
    at = PART.lastIndex;
  }
  return Number.isFinite(total) ? Math.round(total) : undefined;
}

export const DURATION_EXAMPLES = '500ms, 30s, 1m30s or 2h';

/** Milliseconds as a duration in the same syntax: 1m30s, 500ms, 2h. */
export function formatDuration(ms: number): string {
  if (ms === 0) return '0s';
  const parts: string[] = [];
  let rest = ms;
  for (const [unit, size] of [['h', 3_600_000], ['m', 60_000], ['s', 1000], ['ms', 1]] as const) {
    if (rest >= size) {
      parts.push(`${Math.floor(rest / size)}${unit}`);
      rest %= size;
    }
  }
  return parts.join('');
}
