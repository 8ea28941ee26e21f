// One duration parser for every flag, with Go's time.ParseDuration syntax as kubectl takes it.
import {describe, expect, it} from 'vitest';
import {formatDuration, parseDuration} from '../../../src/lib/text/duration.js';

describe('parseDuration (Go time.ParseDuration, as kubectl reads --request-timeout)', () => {
  it.each([
    ['500ms', 500], ['30s', 30_000], ['1m30s', 90_000], ['2h', 7_200_000], ['1.5h', 5_400_000], ['0', 0], ['0s', 0],
    ['30', 30_000], ['1h2m3s4ms', 3_723_004], ['.5s', 500], ['1500us', 2],
  ])('%s → %d ms', (text, ms) => expect(parseDuration(text)).toBe(ms));

  it.each(['', 'forever', 'never', 'x', '5x', '1m30', '-1s', '1 s', 's', '.s', '1.2.3s'])('%j is not a duration', (text) => {
    expect(parseDuration(text)).toBeUndefined();
  });
});

describe('formatDuration', () => {
  it.each([[0, '0s'], [500, '500ms'], [5000, '5s'], [90_000, '1m30s'], [7_200_000, '2h'], [3_723_004, '1h2m3s4ms']])('%d ms → %s, which parses back', (ms, text) => {
    expect(formatDuration(ms)).toBe(text);
    expect(parseDuration(text)).toBe(ms);
  });
});
