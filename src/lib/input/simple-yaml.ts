// A fast reader for the plain block YAML that manifests are nearly always written in: nested `key: value`
// mappings and `- item` sequences of plain words, decimal integers, true/false/null and quoted strings without
// escapes. js-yaml is most of the time a lint run takes (its general state machine runs cold in a fresh
// process); this reader needs about half of that on the same documents. It gives up — returns undefined — on
// anything outside that subset (anchors, tags, block and multi-line scalars, flow collections, escapes, floats and
// other number forms, tabs, non-ASCII text, duplicate keys, a root that is not a mapping, …), and js-yaml reads the
// document instead, errors included. So the result is always what js-yaml with the core schema would give; a
// property test holds it to that.

type Mapping = Record<string, unknown>;

interface Frame {
  readonly indent: number;
  readonly container: Mapping | unknown[];
  readonly isSequence: boolean;
}

/** A key just read without a value on its line: its value may be the block on the following lines. */
interface OpenKey {
  readonly holder: Mapping;
  readonly key: string;
  readonly indent: number;
}

// Anything but printable ASCII and line feeds (tabs, CR not before LF, control and non-ASCII characters).
const OUTSIDE_SUBSET = /[^\x20-\x7e\n\r]|\r(?!\n)/;
const KEY = /^[A-Za-z_][A-Za-z0-9_./-]*$/;
/** Keys that the core schema reads as something other than the same string. */
const KEYWORD_KEYS = new Set(['True', 'TRUE', 'False', 'FALSE', 'Null', 'NULL', '__proto__']);
const INTEGER = /^-?(?:0|[1-9][0-9]*)$/;
/** Words and single spaces between them, starting with a character that cannot begin any other YAML construct. */
const PLAIN = /^[A-Za-z0-9_/.][A-Za-z0-9_./=+@:-]*(?: [A-Za-z0-9_./=+@:()-]+)*$/;
/**
 * Plain scalars the core schema might read as numbers, left to js-yaml: a superset of its integer forms (signed
 * decimal, 0b, 0o, 0x) and its float pattern (js-yaml 4 lib/type/float.js). Anything else plain is a string there.
 */
const NUMBER_LIKE = /^[-+]?(?:[0-9]+|0[bxo].*)$|^(?:[-+]?[0-9]+(?:\.[0-9]*)?(?:[eE][-+]?[0-9]+)?|\.[0-9]+(?:[eE][-+]?[0-9]+)?|[-+]?\.(?:inf|Inf|INF|nan|NaN|NAN))$/;

/** Deeper documents go to js-yaml, which reports nesting that no Kubernetes object has (documents.ts). */
const MAX_DEPTH = 64;

const GIVE_UP = Symbol('give up');
type Scalar = string | number | boolean | null | [] | Mapping;

function readScalar(text: string): Scalar | typeof GIVE_UP {
  const first = text.charCodeAt(0);
  if (first === 34 /* " */ || first === 39 /* ' */) {
    if (text.length < 2 || text.charCodeAt(text.length - 1) !== first) return GIVE_UP;
    const inner = text.slice(1, -1);
    return inner.includes(first === 34 ? '"' : "'") || (first === 34 && inner.includes('\\')) ? GIVE_UP : inner;
  }
  if (INTEGER.test(text)) {
    const n = Number(text);
    // "-0" is 0 for js-yaml (an int has no sign of zero); Number gives -0.
    return Number.isSafeInteger(n) ? n + 0 : GIVE_UP;
  }
  switch (text) {
    case 'true': case 'True': case 'TRUE': return true;
    case 'false': case 'False': case 'FALSE': return false;
    case 'null': case 'Null': case 'NULL': case '~': return null;
    case '[]': return [];
    case '{}': return {};
  }
  if (!PLAIN.test(text) || NUMBER_LIKE.test(text) || text.includes(': ') || text.endsWith(':')) return GIVE_UP;
  return text;
}

/** Where the ":" of a `key: value` or `key:` line is, or -1. */
function colonOf(content: string): number {
  const first = content.charCodeAt(0);
  let at: number;
  if (first === 34 || first === 39) {
    at = content.indexOf(first === 34 ? '"' : "'", 1) + 1;
    if (at === 0 || content.charCodeAt(at) !== 58 /* : */) return -1;
  } else {
    at = content.indexOf(':');
    if (at <= 0) return -1;
  }
  const after = content.charCodeAt(at + 1);
  return Number.isNaN(after) || after === 32 ? at : -1;
}

function readKey(text: string): string | typeof GIVE_UP {
  if (KEY.test(text)) return KEYWORD_KEYS.has(text) ? GIVE_UP : text;
  const first = text.charCodeAt(0);
  if (first !== 34 && first !== 39) return GIVE_UP;
  const key = readScalar(text);
  return typeof key === 'string' && key !== '__proto__' ? key : GIVE_UP;
}

/** The document's mapping, or undefined when it is outside the subset (js-yaml must read it). */
export function readSimpleYaml(text: string): Mapping | undefined {
  if (OUTSIDE_SUBSET.test(text)) return undefined;
  const stack: Frame[] = [];
  let root: Mapping | undefined;
  let open: OpenKey | undefined;

  /** The container a line at `indent` belongs to, opening a nested one below an open key. */
  const frameFor = (indent: number, isSequence: boolean): Frame | undefined => {
    if (open !== undefined) {
      const key = open;
      open = undefined;
      // A nested block is indented deeper than its key; a sequence may also sit at the key's own indentation.
      if (indent > key.indent || (isSequence && indent === key.indent)) {
        const container: Mapping | unknown[] = isSequence ? [] : {};
        key.holder[key.key] = container;
        if (stack.length >= MAX_DEPTH) return undefined;
        const frame = {indent, container, isSequence};
        stack.push(frame);
        return frame;
      }
    }
    if (root === undefined) {
      if (indent !== 0 || isSequence) return undefined;
      root = {};
      const frame = {indent: 0, container: root, isSequence: false};
      stack.push(frame);
      return frame;
    }
    while (stack.length > 0 && stack[stack.length - 1]!.indent > indent) stack.pop();
    // A sequence at its key's indentation ends at the next key of that mapping.
    if (!isSequence && stack.length > 1 && stack[stack.length - 1]!.isSequence && stack[stack.length - 1]!.indent === indent) stack.pop();
    const top = stack[stack.length - 1];
    return top !== undefined && top.indent === indent && top.isSequence === isSequence ? top : undefined;
  };

  /** Reads `key: value` or `key:` into `mapping`; false to give up. */
  const readEntry = (mapping: Mapping, content: string, colon: number, indent: number): boolean => {
    const key = readKey(content.slice(0, colon));
    if (key === GIVE_UP || Object.hasOwn(mapping, key)) return false; // duplicates: js-yaml reports them
    const rest = content.slice(colon + 1).trimStart();
    if (rest === '') {
      mapping[key] = null;
      open = {holder: mapping, key, indent};
      return true;
    }
    const value = readScalar(rest);
    if (value === GIVE_UP) return false;
    mapping[key] = value;
    return true;
  };

  for (let start = 0; start < text.length; ) {
    let end = text.indexOf('\n', start);
    if (end < 0) end = text.length;
    const lineEnd = text.charCodeAt(end - 1) === 13 ? end - 1 : end;
    let indent = start;
    while (indent < lineEnd && text.charCodeAt(indent) === 32) indent++;
    const first = text.charCodeAt(indent);
    const lineStart = start;
    start = end + 1;
    if (indent === lineEnd || first === 35 /* # */) continue;
    let content = text.slice(indent, lineEnd);
    indent -= lineStart;
    if (indent === 0 && (first === 45 || first === 46 || first === 37) && /^(?:---|\.\.\.|%)/.test(content)) {
      if (root === undefined && /^--- *$/.test(content)) continue;
      return undefined;
    }
    const comment = content.indexOf(' #');
    if (comment >= 0) content = content.slice(0, comment);
    content = content.trimEnd();

    if (first === 45 /* - */ && (content.length === 1 || content.charCodeAt(1) === 32)) {
      const sequence = frameFor(indent, true);
      if (sequence === undefined) return undefined;
      const item = content.slice(1).trimStart();
      if (item === '' || item.charCodeAt(0) === 45) return undefined; // "-" alone or "- - x"
      const colon = colonOf(item);
      if (colon < 0) {
        const value = readScalar(item);
        if (value === GIVE_UP) return undefined;
        (sequence.container as unknown[]).push(value);
        continue;
      }
      // "- key: value" starts a mapping whose keys sit where "key" does.
      const mapping: Mapping = {};
      (sequence.container as unknown[]).push(mapping);
      const itemIndent = indent + content.length - item.length;
      if (stack.length >= MAX_DEPTH) return undefined;
      stack.push({indent: itemIndent, container: mapping, isSequence: false});
      if (!readEntry(mapping, item, colon, itemIndent)) return undefined;
      continue;
    }
    const colon = colonOf(content);
    if (colon < 0) return undefined;
    const frame = frameFor(indent, false);
    if (frame === undefined || !readEntry(frame.container as Mapping, content, colon, indent)) return undefined;
  }
  return root;
}
