// A regular file is read in blocks and never held whole (input/files.ts readInputBlocks, input/split.ts): where the
// block boundaries fall must change nothing — not the documents, not a finding's file:line:column, not a problem
// with the bytes, not a suppression comment.
import {mkdtempSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import fc from 'fast-check';
import {afterAll, describe, expect, it} from 'vitest';
import {readInputs} from '../../../src/lib/input/files.js';
import {type DocumentBytes, DocumentSplitter} from '../../../src/lib/input/split.js';
import {lint} from '../../../src/lib/lint/lint.js';

const dir = mkdtempSync(join(tmpdir(), 'd8-metallb-streaming-'));
afterAll(() => rmSync(dir, {recursive: true, force: true}));

/** The documents of `bytes` given to the splitter in blocks of the given sizes (cycled), then reused as the reader does. */
function split(bytes: Buffer, sizes: readonly number[]): {text: string; start: number; end: number; lineOffset: number}[] {
  const documents: {text: string; start: number; end: number; lineOffset: number}[] = [];
  const splitter = new DocumentSplitter((d: DocumentBytes) => documents.push({text: d.bytes.toString('utf8'), start: d.start, end: d.end, lineOffset: d.lineOffset}));
  const block = Buffer.alloc(Math.max(...sizes));
  for (let at = 0, i = 0; at < bytes.length; i++) {
    const size = Math.min(sizes[i % sizes.length]!, bytes.length - at);
    bytes.copy(block, 0, at, at + size);
    splitter.push(block.subarray(0, size));
    block.fill(0x21); // what a reused block holds next: the splitter must not look at it again
    at += size;
  }
  splitter.end();
  return documents;
}

describe('DocumentSplitter', () => {
  it('splits at "---" and "..." lines, skips documents without content, and counts lines', () => {
    const text = '# head\n---\na: 1\n---   # only a comment\n\n--- b: 2\n...\n%YAML 1.2\n---\nc: 3\n---x: not a marker\n';
    expect(split(Buffer.from(text), [text.length])).toEqual([
      {text: '# head\n---\na: 1\n', start: 0, end: 16, lineOffset: 0},
      // A "---" with no content before the next one starts no document of its own: its lines go with the next.
      {text: '---   # only a comment\n\n--- b: 2\n...\n', start: 16, end: 53, lineOffset: 3},
      {text: '%YAML 1.2\n---\nc: 3\n---x: not a marker\n', start: 53, end: 91, lineOffset: 7},
    ]);
  });

  it('skips a byte order mark and keeps byte offsets of the file', () => {
    const bytes = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('a: 1\n---\nb: 2')]);
    expect(split(bytes, [2])).toEqual([{text: 'a: 1\n', start: 3, end: 8, lineOffset: 0}, {text: '---\nb: 2', start: 8, end: 16, lineOffset: 1}]);
  });

  it('gives the same documents whatever the block sizes', () => {
    const line = fc.constantFrom('---', '--- # c', '---\r', '...', 'a: 1', '  - x', '# c', '', 'k: "ü"', '%TAG ! x', '--', '----', '.. .', 'b: ---');
    fc.assert(fc.property(fc.array(line, {maxLength: 40}), fc.boolean(), fc.array(fc.integer({min: 1, max: 9}), {minLength: 1, maxLength: 5}), (lines, trailing, sizes) => {
      const bytes = Buffer.from(lines.join('\n') + (trailing ? '\n' : ''));
      expect(split(bytes, sizes)).toEqual(split(bytes, [bytes.length || 1]));
    }), {numRuns: 500});
  });
});

describe('lint of a file read in blocks', () => {
  // Documents of ~300 bytes: the 1 MiB block boundaries fall inside documents, and the broken ones sit near them.
  const documents = Array.from({length: 20_000}, (_, i) => `apiVersion: v1
kind: Service
metadata:
  name: s-${i}
  namespace: ns
spec:
  type: LoadBalancer
  ports:
  - port: ${i === 6500 || i === 17100 ? '"eighty"' : 80}
  selector:
    app: s-${i}
`);
  const text = documents.join('---\n');

  it('places every finding where reading the text whole places it', () => {
    const file = join(dir, 'big.yaml');
    writeFileSync(file, text);
    expect(text.length).toBeGreaterThan(2.5 * 1024 * 1024);
    const fromFile = lint(readInputs([file]));
    const fromText = lint([{file, text}]);
    expect(fromFile.summary.errors).toBe(2);
    expect(fromFile).toEqual(fromText);
  });

  it('finds invalid UTF-8 beyond the first block, at its line and column', () => {
    const file = join(dir, 'bad-utf8.yaml');
    const at = text.indexOf('name: s-15000');
    writeFileSync(file, Buffer.concat([Buffer.from(text.slice(0, at + 6)), Buffer.from([0xc3, 0x28]), Buffer.from(text.slice(at + 6))]));
    const line = text.slice(0, at).split('\n').length;
    expect(lint(readInputs([file])).diagnostics.map((d) => `${d.rule}@${d.line}:${d.column}`)).toEqual([`unreadable-input@${line}:9`]);
  });

  it('honours a suppression comment in the last block', () => {
    const file = join(dir, 'suppressed.yaml');
    const suppressed = text.replace('  - port: "eighty"\n  selector:\n    app: s-17100', '  # d8-metallb-disable-next-line\n  - port: "eighty"\n  selector:\n    app: s-17100');
    writeFileSync(file, suppressed);
    const result = lint(readInputs([file]));
    expect(result.summary.errors).toBe(1);
    expect(result).toEqual(lint([{file, text: suppressed}]));
  });
});
