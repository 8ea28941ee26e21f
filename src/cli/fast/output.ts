// stdout and stderr for the fast path, written with fs.writeSync on the descriptors: creating process.stdout for a
// pipe costs ~5 ms here (a net.Socket, and the modules behind it), and node:tty ~4 ms to load — as much as a whole
// fast class create. The streams are created only where they are needed: to ask a character device whether it is
// a terminal (and its width), or when a descriptor is non-blocking.
import {fstatSync, writeSync} from 'node:fs';

export interface FastOutput {
  readonly isTTY: boolean;
  write(text: string): void;
  getWindowSize(): number[];
}

export function descriptorOutput(fd: 1 | 2): FastOutput {
  const stream = () => (fd === 1 ? process.stdout : process.stderr);
  let terminal: boolean | undefined;
  return {
    get isTTY() {
      terminal ??= isTerminal(fd, stream);
      return terminal;
    },
    write: (text) => writeAll(fd, Buffer.from(text), stream),
    getWindowSize: () => (stream() as NodeJS.WriteStream & {getWindowSize?: () => number[]}).getWindowSize?.() ?? [0, 0],
  };
}

function isTerminal(fd: number, stream: () => NodeJS.WriteStream): boolean {
  try {
    // Pipes, files and sockets are not terminals: only a character device needs asking.
    if (!fstatSync(fd).isCharacterDevice()) return false;
  } catch {
    return false;
  }
  return stream().isTTY === true;
}

/**
 * All of it, in order. A reader that has gone (EPIPE: `lint -o json | head`) ends the writing quietly, as oclif's
 * commands do; a non-blocking descriptor (EAGAIN) gets the rest through its stream, which waits for it.
 */
function writeAll(fd: number, bytes: Buffer, stream: () => NodeJS.WriteStream): void {
  let offset = 0;
  while (offset < bytes.length) {
    try {
      offset += writeSync(fd, bytes, offset);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'EPIPE') return;
      if (code !== 'EAGAIN') throw error;
      const rest = stream();
      rest.on('error', () => {});
      rest.write(bytes.subarray(offset));
      return;
    }
  }
}
