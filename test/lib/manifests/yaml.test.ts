import {parse} from 'yaml';
import {describe, expect, it} from 'vitest';
import {locate, readYamlDocuments, toYaml} from '../../../src/lib/manifests/yaml.js';
import {UserError} from '../../../src/lib/errors.js';

describe('YAML', () => {
  it('quotes every string YAML would read as another type, so that kubectl apply gets strings', () => {
    const text = toYaml({a: '3', b: '', c: 'true', d: 'null', e: '0x10', f: '1e3', g: 'plain', h: '~', i: 'yes'});
    const back = readYamlDocuments(text, 't')[0]!.value;
    expect(back).toEqual({a: '3', b: '', c: 'true', d: 'null', e: '0x10', f: '1e3', g: 'plain', h: '~', i: 'yes'});
    expect(text).toContain('a: "3"');
    expect(text).toContain('b: ""');
  });

  it('quotes what a YAML 1.1 parser (kubectl\'s go-yaml) would not read as a string: yes, on, n, 1:20', () => {
    const value = {a: 'yes', b: 'on', c: 'n', d: 'OFF', e: '64600:1', f: 'y', g: '2001:db8::1', h: 'plain'};
    const text = toYaml(value);
    expect(parse(text, {version: '1.1'})).toEqual(value);
    expect(parse(text)).toEqual(value);
  });

  it('writes sequences as kubectl does (not indented under their key)', () => {
    expect(toYaml({spec: {addressPool: ['192.0.2.0/24']}})).toBe('spec:\n  addressPool:\n  - 192.0.2.0/24\n');
  });

  it('reads several documents and locates keys and values by path', () => {
    const docs = readYamlDocuments('a: 1\n---\nspec:\n  list:\n  - x\n  - y\n', 'f.yaml');
    expect(docs).toHaveLength(2);
    expect(locate(docs[1]!, ['spec', 'list', 1])).toEqual({line: 6, column: 5});
    expect(locate(docs[1]!, ['spec', 'list'])).toEqual({line: 4, column: 3});
    expect(locate(docs[1]!, ['spec', 'missing'])).toBeUndefined();
  });

  it('turns a syntax error into a UserError with file:line:column', () => {
    expect(() => readYamlDocuments('a: [1, 2\nb: 3\n', 'bad.yaml')).toThrow(UserError);
    expect(() => readYamlDocuments('a: [1, 2\nb: 3\n', 'bad.yaml')).toThrow(/^bad\.yaml:\d+:\d+: /);
  });
});
