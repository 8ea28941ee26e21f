// The committed oclif.manifest.json must describe the commands as they are built now.
import {readFileSync} from 'node:fs';
import {Plugin} from '@oclif/core';
import {describe, expect, it} from 'vitest';
import {ROOT} from './helpers/cli.js';

describe('oclif.manifest.json', () => {
  it('is in sync with the commands (regenerate with `npm run build && npm run manifest`)', async () => {
    const plugin = new Plugin({root: ROOT, type: 'core', ignoreManifest: true, errorOnManifestCreate: true, respectNoCacheDefault: true});
    await plugin.load();
    const committed = JSON.parse(readFileSync(`${ROOT}/oclif.manifest.json`, 'utf8'));
    expect(committed.commands).toEqual(JSON.parse(JSON.stringify(plugin.manifest.commands)));
    expect(Object.keys(committed.commands).sort()).toEqual(['metallb:announce',
      ...['config', 'peer', 'pool'].flatMap((topic) => ['create', 'delete', 'get', 'list'].map((verb) => `metallb:bgp:${topic}:${verb}`)),
      'metallb:class:create', 'metallb:class:delete', 'metallb:class:get', 'metallb:class:list', 'metallb:completion', 'metallb:disable', 'metallb:enable', 'metallb:init', 'metallb:ip:allocate', 'metallb:ip:free', 'metallb:ip:inspect', 'metallb:ip:probe', 'metallb:ip:usage', 'metallb:lint', 'metallb:migrate', 'metallb:service:create', 'metallb:status']);
  });
});

describe('README', () => {
  it('documents every lint rule and every command', async () => {
    const readme = readFileSync(`${ROOT}/README.md`, 'utf8');
    const {RULES} = await import('../src/lib/lint/registry.js');
    expect([...RULES.keys()].filter((id) => !readme.includes(`| \`${id}\` |`))).toEqual([]);
    const commands = Object.keys(JSON.parse(readFileSync(`${ROOT}/oclif.manifest.json`, 'utf8')).commands).map((id) => `d8 ${id.split(':').join(' ')}`);
    expect(commands.filter((command) => !readme.includes(command))).toEqual([]);
  });
});
