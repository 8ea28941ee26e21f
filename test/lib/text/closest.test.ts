import {describe, expect, it} from 'vitest';
import {closest} from '../../../src/lib/text/closest.js';

describe('closest', () => {
  it('suggests the nearest candidate, ignoring case, only when it is near enough', () => {
    expect(closest('pool-overlp', ['pool-overlap', 'pool-syntax'])).toBe('pool-overlap');
    expect(closest('ADDRESSPOOL', ['addressPool', 'isDefault'])).toBe('addressPool');
    expect(closest('zzz', ['addressPool', 'isDefault'])).toBeUndefined();
  });
});
