// The contract and version rules of d8's plugin installer (deckhouse-cli), each named after the function it follows.
import {execFileSync} from 'node:child_process';
import {mkdtempSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {describe, expect, it} from 'vitest';
import {contractProblems, encodeContract, pluginContract, versionFromProbe} from '../../../src/lib/plugin/contract.js';
import {pluginImage, tarOfOne} from '../../../src/lib/plugin/oci.js';
import {parseReference} from '../../../src/lib/plugin/push.js';

describe('pluginBinaryVersion: the trimmed output of plugin --version must parse as semver', () => {
  it('takes exactly a version, with its newline', () => {
    expect(versionFromProbe('0.1.0\n')).toEqual({version: '0.1.0'});
    expect(versionFromProbe('1.2.3-rc.1+build.5')).toEqual({version: '1.2.3-rc.1+build.5'});
  });
  it('refuses what the checkout prints (oclif\'s banner), which would break d8\'s comparisons', () => {
    expect(versionFromProbe('d8-metallb/0.1.0 linux-x64 node-v20.20.2\n')).toHaveProperty('problem');
    expect(versionFromProbe('01.2.3')).toHaveProperty('problem');
  });
});

describe('UnmarshalContract: requirements.modules and requirements.plugins are objects', () => {
  const ours = pluginContract('0.1.0');
  it('our contract has no problem, declares no cluster requirement and asks for KUBECONFIG', () => {
    expect(contractProblems(JSON.parse(Buffer.from(encodeContract(ours), 'base64').toString()), '0.1.0')).toEqual([]);
    expect(ours.requirements).toEqual({kubernetes: {constraint: ''}, deckhouse: {constraint: ''}, modules: {}, plugins: {}});
    expect(ours.env).toContainEqual({name: 'KUBECONFIG'});
  });
  it('arrays get d8\'s own error, and a version other than the tag is named', () => {
    const bad = {...ours, requirements: {...ours.requirements, modules: [], plugins: []}};
    expect(contractProblems(bad, '0.1.0')).toEqual([
      'invalid contract: field "requirements.modules" must be an object with mandatory/conditional sections, got a JSON array',
      'invalid contract: field "requirements.plugins" must be an object with mandatory/conditional sections, got a JSON array',
    ]);
    expect(contractProblems(ours, '0.2.0')).toEqual(['the contract\'s version 0.1.0 is not the tag 0.2.0']);
    expect(contractProblems([], '0.1.0')).toEqual(['the contract is not a JSON object']);
  });
});

describe('the image layout', () => {
  it('tarOfOne is a ustar archive that GNU tar reads: one 0755 file named plugin', () => {
    const dir = mkdtempSync(join(tmpdir(), 'd8-metallb-tar-'));
    writeFileSync(join(dir, 'layer.tar'), tarOfOne('plugin', Buffer.from('#!/bin/sh\necho hi\n')));
    expect(execFileSync('tar', ['-tvf', join(dir, 'layer.tar')], {encoding: 'utf8'})).toMatch(/^-rwxr-xr-x 0\/0 +18 1970-01-01 00:00 plugin\n$/);
    execFileSync('tar', ['-xf', join(dir, 'layer.tar'), '-C', dir]);
    expect(execFileSync(join(dir, 'plugin'), {encoding: 'utf8'})).toBe('hi\n');
  });
  it('the same inputs give the same digests (reproducible), and the index carries the contract', () => {
    const images = [{os: 'linux', architecture: 'amd64', executable: Buffer.from('one')}, {os: 'linux', architecture: 'arm64', executable: Buffer.from('two')}];
    const a = pluginImage(images, {contract: 'e30='});
    expect(pluginImage(images, {contract: 'e30='}).index.digest).toBe(a.index.digest);
    expect(pluginImage(images.slice(0, 1), {contract: 'e30='}).index.digest).not.toBe(a.index.digest);
    const index = JSON.parse(Buffer.from(a.index.bytes).toString());
    expect(index.annotations).toEqual({contract: 'e30='});
    expect(index.manifests.map((m: {platform: unknown}) => m.platform)).toEqual([{architecture: 'amd64', os: 'linux'}, {architecture: 'arm64', os: 'linux'}]);
  });
  it('parseReference takes REGISTRY/REPOSITORY:TAG', () => {
    expect(parseReference('127.0.0.1:5000/deckhouse-cli/plugins/metallb:0.1.0')).toEqual({registry: '127.0.0.1:5000', repository: 'deckhouse-cli/plugins/metallb', tag: '0.1.0'});
    expect(parseReference('metallb:0.1.0')).toBeUndefined();
  });
});
