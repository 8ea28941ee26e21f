// Splitting a file's bytes into YAML documents at "---" lines (a marker at column 0 always starts a document;
// "..." ends one), as the bytes arrive: a file is read in blocks, and only the current document's bytes are held
// between blocks. Works on bytes: the markers are ASCII, and in UTF-8 no byte of another character equals them or
// a line feed. Lines are looked at as latin1 (one byte, one character) only until a document has content.

/** One document: its bytes, where they are in the file, and the 0-based line where it starts. */
export interface DocumentBytes {
  readonly bytes: Buffer;
  readonly start: number;
  readonly end: number;
  readonly lineOffset: number;
}

const NO_CONTENT = /^(?:[ \t]*(?:#.*)?|%.*)$/;
const DASH = 45;
const DOT = 46;
const LF = 10;
const EMPTY = Buffer.alloc(0);

/** After "---" or "...": end of input, end of line, or a blank. */
function isMarkerEnd(byte: number | undefined): boolean {
  return byte === undefined || byte === LF || byte === 13 || byte === 32 || byte === 9;
}

/** Give it blocks with push (each may be reused by the caller once push returns), then call end. */
export class DocumentSplitter {
  /** The bytes being looked at: a block given to push, or (between blocks) our own copy of what is not given out. */
  private data: Buffer = EMPTY;
  private length = 0;
  /** Our own buffer for what is held between blocks; grows by doubling, so a long document costs linear time. */
  private held: Buffer = EMPTY;
  /** Offset in the file of data[0]. */
  private base = 0;
  /** In data: the next line to look at, how far it was searched for a line feed, where the document starts. */
  private scan = 0;
  private searched = 0;
  private start = 0;
  private startLine = 0;
  private line = 0;
  private hasContent = false;
  private first = true;
  /** Documents with content given out. */
  count = 0;

  constructor(private readonly visit: (document: DocumentBytes) => void) {}

  push(block: Buffer): void {
    if (this.length === 0) {
      this.data = block; // nothing held: look at the block where it is
    } else {
      this.reserve(this.length + block.length);
      block.copy(this.held, this.length);
      this.data = this.held;
    }
    this.length += block.length;
    this.lines(false);
    // Keep what is not given out yet, at the start of our own buffer.
    const rest = this.length - this.start;
    if (this.data === this.held) this.held.copyWithin(0, this.start, this.length);
    else {
      this.reserve(rest);
      this.data.copy(this.held, 0, this.start, this.length);
    }
    this.data = this.held;
    this.base += this.start;
    this.scan -= this.start;
    this.searched -= this.start;
    this.start = 0;
    this.length = rest;
  }

  private reserve(size: number): void {
    if (this.held.length >= size) return;
    const grown = Buffer.allocUnsafe(Math.max(size, this.held.length * 2, 64 * 1024));
    this.held.copy(grown, 0, 0, this.length);
    this.held = grown;
  }

  /** The input has ended: its last line need not end with a line feed. */
  end(): void {
    this.lines(true);
    this.flush(this.length, this.line);
  }

  private lines(final: boolean): void {
    const d = this.data;
    const length = this.length;
    if (this.first) {
      if (length < 3 && !final) return;
      this.first = false;
      // A byte order mark is not text.
      if (d[0] === 0xef && d[1] === 0xbb && d[2] === 0xbf && length >= 3) this.scan = this.start = this.searched = 3;
    }
    while (this.scan < length || (final && this.scan === length)) {
      const at = this.scan;
      let next = d.indexOf(LF, Math.max(at, this.searched));
      if (next < 0 || next >= length) {
        this.searched = length;
        if (!final) return; // an incomplete line: wait for the next block
        next = length;
      }
      if (this.isMarker(at, DASH)) {
        if (this.hasContent) this.flush(at, this.line);
        const rest = d.toString('latin1', at + 3, next).trim();
        if (rest !== '' && !rest.startsWith('#')) this.hasContent = true;
      } else if (this.isMarker(at, DOT)) {
        this.flush(next + 1, this.line + 1);
      } else if (!this.hasContent && !NO_CONTENT.test(d.toString('latin1', at, next).replace(/\r$/, ''))) {
        this.hasContent = true;
      }
      this.scan = next + 1;
      this.line++;
    }
  }

  private isMarker(at: number, byte: number): boolean {
    const d = this.data;
    return at + 3 <= this.length && d[at] === byte && d[at + 1] === byte && d[at + 2] === byte && isMarkerEnd(at + 3 < this.length ? d[at + 3] : undefined);
  }

  private flush(end: number, nextLine: number): void {
    const stop = Math.min(end, this.length);
    if (this.hasContent) {
      this.visit({bytes: this.data.subarray(this.start, stop), start: this.base + this.start, end: this.base + stop, lineOffset: this.startLine});
      this.count++;
    }
    this.start = stop;
    this.startLine = nextLine;
    this.hasContent = false;
  }
}
