// d8 metallb lint as a CI job runs it: files, directories, stdin, formats, exit codes.
import {mkdirSync, mkdtempSync, readFileSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import AjvDraft04 from 'ajv-draft-04';

// CommonJS default export: the class is the module's default.
const Ajv04 = ((AjvDraft04 as unknown as {default?: typeof AjvDraft04}).default ?? AjvDraft04) as unknown as new (options: object) => {compile(schema: object): ((data: unknown) => boolean) & {errors?: unknown}};
import {XMLParser} from 'fast-xml-parser';
import {describe, expect, it} from 'vitest';
import {metallb, runBin, ROOT} from '../helpers/cli.js';

const dir = mkdtempSync(join(tmpdir(), 'd8-metallb-lint-'));
const write = (name: string, text: string) => {
  const path = join(dir, name);
  mkdirSync(join(path, '..'), {recursive: true});
  writeFileSync(path, text);
  return path;
};

const seed = readFileSync(new URL('../fixtures/metallb-docs.md', import.meta.url), 'utf8');
const seedYaml = [...seed.matchAll(/```yaml\n([\s\S]*?)```/g)].map((m) => m[1]!.replace(/^ {3}/gm, '')).join('---\n');

const BAD = `apiVersion: network.deckhouse.io/v1alpha1
kind: MetalLoadBalancerClass
metadata:
  name: ingress
spec:
  addressPool:
  - 192.0.2.9-192.0.2.1
  typo: true
`;

describe('d8 metallb lint', () => {
  it('finds nothing in the documentation\'s examples (no errors, no warnings)', async () => {
    const r = await metallb('lint', write('seed.yaml', seedYaml), '-o', 'json');
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual({summary: {files: 1, documents: 4, errors: 0, warnings: 0, infos: 0}, diagnostics: []});
  });

  it('prints file:line:col: severity: message [rule] and a summary, and exits 1 on errors', async () => {
    const file = write('bad.yaml', BAD);
    const r = await metallb('lint', file);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe([
      `${file}:7:5: error: invalid IP range "192.0.2.9-192.0.2.1": start IP "192.0.2.9" is after the end IP "192.0.2.1", and MetalLB then rejects the whole configuration; swap them. [pool-syntax]`,
      `${file}:8:3: error: MetalLoadBalancerClass has no field "typo", so kubectl apply refuses the object (with validation off the API server drops the field); did you mean type? [unknown-field]`,
      '',
      '2 errors, 0 warnings, 0 infos (1 file, 1 document).',
      '',
    ].join('\n'));
  });

  it('exits 0 with warnings only, and 1 with --strict', async () => {
    // Host bits set (pool-host-bits) is a warning, and the only finding.
    const file = write('warn.yaml', BAD.replace('192.0.2.9-192.0.2.1', '192.0.2.1/24').replace('  typo: true\n', ''));
    expect((await metallb('lint', file)).code).toBe(0);
    expect((await metallb('lint', file, '--strict')).code).toBe(1);
  });

  it('lints directories recursively and stdin as one world: a Service finds its class in another file', async () => {
    const root = join(dir, 'tree');
    write('tree/classes/ingress.yml', BAD.replace('192.0.2.9-192.0.2.1', '192.0.2.0/28').replace('  typo: true\n', ''));
    write('tree/notes.txt', 'not yaml: [');
    const service = 'apiVersion: v1\nkind: Service\nmetadata: {name: s}\nspec: {type: LoadBalancer, loadBalancerClass: ingress, ports: [{port: 80}]}\n';
    const r = await runBin('run.js', ['metallb', 'lint', root, '-f', '-', '-o', 'json'], {input: service});
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).summary).toEqual({files: 2, documents: 2, errors: 0, warnings: 0, infos: 0});
  });

  it('unwraps kind: List (kubectl get -o yaml), reads Nodes, and counts other kinds as skipped', async () => {
    const list = `apiVersion: v1
kind: List
items:
- apiVersion: network.deckhouse.io/v1alpha1
  kind: MetalLoadBalancerClass
  metadata: {name: ingress}
  spec:
    addressPool: [192.0.2.0/28]
    nodeSelector: {role: lb}
- apiVersion: v1
  kind: Node
  metadata: {name: n1, labels: {role: worker}}
- apiVersion: apps/v1
  kind: Deployment
  metadata: {name: d}
`;
    const r = await metallb('lint', write('list.yaml', list));
    expect(r.stdout).toContain(`list.yaml:9:5: warning: no Node among the 1 given has the labels role=lb`);
    expect(r.stdout).toContain('Skipped 1 document of other kinds: Deployment 1.');
  });

  it('honours "# d8-metallb-disable-next-line RULE" and --disable', async () => {
    const suppressed = write('suppressed.yaml', BAD.replace('  - 192.0.2.9', '  # d8-metallb-disable-next-line pool-syntax\n  - 192.0.2.9'));
    const r = await metallb('lint', suppressed, '-o', 'json');
    expect(JSON.parse(r.stdout).diagnostics.map((d: {rule: string}) => d.rule)).toEqual(['unknown-field']);
    const disabled = await metallb('lint', write('bad2.yaml', BAD), '--disable', 'unknown-field', '--disable', 'pool-syntax');
    expect(disabled.code).toBe(0);
    const unknown = await metallb('lint', suppressed, '--disable', 'pool-syntx');
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toBe('[ERROR] --disable "pool-syntx": there is no such rule; did you mean pool-syntax?\n');
  });

  it('reports a binary file as a finding (exit 1), not a crash', async () => {
    const r = await metallb('lint', write('logo.yaml', '\u0000\u0001binary'));
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('logo.yaml:1:1: error: this is a binary file, not YAML or JSON; remove it from the inputs. [unreadable-input]');
    expect(r.stderr).toBe('');
  });

  it('exits 2 for a path that does not exist or no path at all', async () => {
    const missing = await metallb('lint', join(dir, 'nope.yaml'));
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/^\[ERROR\] ".*nope\.yaml": no such file or directory; /);
    expect((await metallb('lint')).code).toBe(2);
  });

  it('-o json has exactly the documented shape', async () => {
    const r = await metallb('lint', write('shape.yaml', BAD), '-o', 'json');
    const out = JSON.parse(r.stdout);
    expect(Object.keys(out)).toEqual(['summary', 'diagnostics']);
    expect(out.diagnostics[0]).toEqual({
      file: join(dir, 'shape.yaml'), line: 7, column: 5, severity: 'error', rule: 'pool-syntax',
      message: expect.any(String), kind: 'MetalLoadBalancerClass', name: 'ingress', path: 'spec.addressPool[0]',
    });
  });

  it('-o sarif is valid SARIF 2.1.0 with real regions', async () => {
    const r = await metallb('lint', write('sarif.yaml', BAD), '-o', 'sarif');
    const schema = JSON.parse(readFileSync(join(ROOT, 'node_modules/@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json'), 'utf8'));
    const validate = new Ajv04({allErrors: true, strict: false, validateFormats: false, unicodeRegExp: false}).compile(schema);
    const log = JSON.parse(r.stdout);
    expect(validate(log), JSON.stringify(validate.errors)).toBe(true);
    const [result] = log.runs[0].results;
    expect(result).toMatchObject({ruleId: 'pool-syntax', level: 'error', locations: [{physicalLocation: {region: {startLine: 7, startColumn: 5}}}]});
    expect(log.runs[0].tool.driver.rules[result.ruleIndex].id).toBe('pool-syntax');
  });

  it('-o junit parses back: one suite per file, failures for errors', async () => {
    const clean = write('clean.yaml', 'apiVersion: v1\nkind: Node\nmetadata: {name: n1}\n');
    const r = await metallb('lint', write('junit.yaml', BAD), clean, '-o', 'junit');
    const xml = new XMLParser({ignoreAttributes: false}).parse(r.stdout);
    const suites = xml.testsuites.testsuite;
    expect(xml.testsuites['@_failures']).toBe('2');
    expect(suites).toHaveLength(2);
    expect(suites[0].testcase[0].failure['@_type']).toBe('error');
    expect(suites[0].testcase[0]['@_name']).toBe(`pool-syntax ${join(dir, 'junit.yaml')}:7:5`);
    expect(suites[1]['@_failures']).toBe('0');
  });

  it('-o github writes escaped workflow commands and a plain copy; it is the default under GitHub Actions', async () => {
    const file = write('gh,1.yaml', BAD);
    const r = await runBin('run.js', ['metallb', 'lint', file], {env: {GITHUB_ACTIONS: 'true'}});
    const lines = r.stdout.split('\n');
    expect(lines).toContain(`::error file=${file.replace(',', '%2C')},line=7,col=5,title=d8 metallb lint%3A pool-syntax::invalid IP range "192.0.2.9-192.0.2.1": start IP "192.0.2.9" is after the end IP "192.0.2.1", and MetalLB then rejects the whole configuration; swap them.`);
    expect(lines).toContain(`${file}:7:5: error: invalid IP range "192.0.2.9-192.0.2.1": start IP "192.0.2.9" is after the end IP "192.0.2.1", and MetalLB then rejects the whole configuration; swap them. [pool-syntax]`);
    expect(r.code).toBe(1);
  });

  it('--rules lists every rule with its severity and description', async () => {
    const r = await metallb('lint', '--rules', '-o', 'json');
    const rules = JSON.parse(r.stdout);
    expect(rules.length).toBeGreaterThanOrEqual(35);
    expect(rules).toContainEqual({id: 'pool-overlap', severity: 'error', description: expect.stringContaining('MetalLB rejects the whole configuration')});
  });
});
