import {describe, expect, it} from 'vitest';
import {clusterError, withRetries} from '../../../src/lib/cluster/errors.js';
import {moduleConfigChange} from '../../../src/lib/cluster/module-config-change.js';

const context = {verb: 'create', resource: 'metalloadbalancerclasses.network.deckhouse.io', name: 'x', server: 'https://192.0.2.1:6443', user: 'alice'};

describe('clusterError', () => {
  it.each([
    [{code: 409, body: '{"message":"object was modified"}'}, 'create metalloadbalancerclasses.network.deckhouse.io "x": conflict (409): object was modified; get it again and retry, or use --overwrite where offered.'],
    [{code: 503, body: '{"message":"etcd unavailable"}'}, 'create metalloadbalancerclasses.network.deckhouse.io "x": the API server failed (503: etcd unavailable); retry later.'],
    [{message: 'request to https://192.0.2.1:6443 failed, reason: timeout', code: 'ETIMEDOUT'}, 'create metalloadbalancerclasses.network.deckhouse.io "x": https://192.0.2.1:6443 did not answer in time; check the network or retry.'],
    [{code: 404, body: '404 page not found'}, 'create metalloadbalancerclasses.network.deckhouse.io "x": the metallb module is not enabled (its CRDs are not served); enable it with \'d8 metallb enable\' and try again once it is ready.'],
  ])('%j', (error, message) => {
    const mapped = clusterError(error, context);
    expect(mapped.message).toBe(message);
    expect(mapped.exitCode).toBe(3);
  });
});

describe('withRetries', () => {
  it('retries 429 and 5xx with backoff, three tries in all, and gives up on other errors at once', async () => {
    const waits: number[] = [];
    let calls = 0;
    await expect(withRetries(async () => {
      calls++;
      throw Object.assign(new Error('busy'), {code: 429});
    }, async (ms) => void waits.push(ms))).rejects.toThrow('busy');
    expect([calls, waits]).toEqual([3, [200, 400]]);
    calls = 0;
    await expect(withRetries(async () => {
      calls++;
      throw Object.assign(new Error('no'), {code: 403});
    }, async () => {})).rejects.toThrow('no');
    expect(calls).toBe(1);
    calls = 0;
    expect(await withRetries(async () => (++calls < 2 ? Promise.reject(Object.assign(new Error('x'), {code: 500})) : 'ok'), async () => {})).toBe('ok');
  });
});

describe('moduleConfigChange', () => {
  const existing = {apiVersion: 'deckhouse.io/v1alpha1', kind: 'ModuleConfig', metadata: {name: 'metallb', labels: {a: 'b'}}, spec: {enabled: true, version: 2, settings: {addressPools: [{name: 'p'}], speaker: {nodeSelector: {x: ''}}}}};
  it('changes nothing when the cluster already has what was asked', () => {
    expect(moduleConfigChange(existing, true, undefined, undefined)).toMatchObject({action: 'none', changes: []});
  });
  it('patches only the fields given', () => {
    const change = moduleConfigChange(existing, false, 3, {addressPools: [{name: 'p'}, {name: 'q'}]});
    expect(change.body).toEqual({spec: {enabled: false, version: 3, settings: {addressPools: [{name: 'p'}, {name: 'q'}]}}});
    expect(change.after.spec).toEqual({enabled: false, version: 3, settings: {addressPools: [{name: 'p'}, {name: 'q'}], speaker: {nodeSelector: {x: ''}}}});
    expect(change.after.metadata).toEqual(existing.metadata);
  });
});

describe('404', () => {
  it('tells a missing object from an unserved resource', () => {
    const missing = {code: 404, body: JSON.stringify({kind: 'Status', reason: 'NotFound', details: {name: 'x', group: 'network.deckhouse.io', kind: 'metalloadbalancerclasses'}})};
    expect(clusterError(missing, context).message).toBe('create metalloadbalancerclasses.network.deckhouse.io "x": not found (404); check the name and the namespace.');
  });
});
