// An OCI image layout (image-spec v1.1: oci-layout, index.json, blobs/sha256) holding one index with a child image per
// platform, each image's last (only) layer a gzip tar whose one regular entry is `plugin`, as d8 looks for it
// (deckhouse-cli: the first regular entry with base name `plugin` in the last layer).
//
// Written here rather than with a tar library: the layer has exactly one entry whose every header field must be
// fixed (mtime 0, uid/gid 0, no user names) for digests to repeat, which a 512-byte ustar header states directly;
// gzip and sha256 are Node's own (zlib, crypto).
import {createHash} from 'node:crypto';
import {mkdirSync, readFileSync, writeFileSync} from 'node:fs';
import {join} from 'node:path';
import {gzipSync} from 'node:zlib';

export const MEDIA = {
  index: 'application/vnd.oci.image.index.v1+json',
  manifest: 'application/vnd.oci.image.manifest.v1+json',
  config: 'application/vnd.oci.image.config.v1+json',
  layer: 'application/vnd.oci.image.layer.v1.tar+gzip',
} as const;

export interface Blob {
  readonly mediaType: string;
  readonly digest: string;
  readonly size: number;
  readonly bytes: Uint8Array;
}

export const sha256 = (bytes: Uint8Array): string => `sha256:${createHash('sha256').update(bytes).digest('hex')}`;
const blob = (mediaType: string, bytes: Uint8Array): Blob => ({mediaType, digest: sha256(bytes), size: bytes.length, bytes});
const json = (value: unknown) => Buffer.from(JSON.stringify(value));

/** A ustar archive of one regular file, mode 0755, owned by 0:0, dated 1970 (reproducible). */
export function tarOfOne(name: string, content: Uint8Array): Uint8Array {
  const header = Buffer.alloc(512);
  const field = (offset: number, length: number, value: string) => header.write(value, offset, length, 'ascii');
  const octal = (offset: number, length: number, value: number) => field(offset, length, `${value.toString(8).padStart(length - 1, '0')}\0`);
  field(0, 100, name);
  octal(100, 8, 0o755);
  octal(108, 8, 0);
  octal(116, 8, 0);
  octal(124, 12, content.length);
  octal(136, 12, 0);
  field(148, 8, '        '); // the checksum is computed with its own field as spaces
  field(156, 1, '0');
  field(257, 6, 'ustar\0');
  field(263, 2, '00');
  let sum = 0;
  for (const byte of header) sum += byte;
  field(148, 8, `${sum.toString(8).padStart(6, '0')}\0 `);
  const padding = (512 - (content.length % 512)) % 512;
  return Buffer.concat([header, content, Buffer.alloc(padding), Buffer.alloc(1024)]);
}

export interface PlatformImage {
  readonly os: string;
  readonly architecture: string;
  readonly executable: Uint8Array;
}

export interface Layout {
  readonly index: Blob;
  readonly blobs: readonly Blob[];
}

/** The index, manifests, configs and layers of the plugin image; every JSON is written with fixed key order. */
export function pluginImage(images: readonly PlatformImage[], annotations: Record<string, string>): Layout {
  const blobs: Blob[] = [];
  const manifests = images.map((image) => {
    const tar = tarOfOne('plugin', image.executable);
    // gzip level 9 without a name or time in its header: the same bytes every time.
    const layer = blob(MEDIA.layer, gzipSync(tar, {level: 9}));
    const config = blob(MEDIA.config, json({
      architecture: image.architecture, os: image.os, config: {},
      rootfs: {type: 'layers', diff_ids: [sha256(tar)]},
    }));
    const manifest = blob(MEDIA.manifest, json({
      schemaVersion: 2, mediaType: MEDIA.manifest,
      config: {mediaType: config.mediaType, digest: config.digest, size: config.size},
      layers: [{mediaType: layer.mediaType, digest: layer.digest, size: layer.size}],
      annotations,
    }));
    blobs.push(layer, config, manifest);
    return {mediaType: MEDIA.manifest, digest: manifest.digest, size: manifest.size, platform: {architecture: image.architecture, os: image.os}};
  });
  const index = blob(MEDIA.index, json({schemaVersion: 2, mediaType: MEDIA.index, manifests, annotations}));
  blobs.push(index);
  return {index, blobs};
}

/** Writes the layout directory (its previous contents stay: blobs are named by their digest). */
export function writeLayout(directory: string, layout: Layout, tag: string): void {
  mkdirSync(join(directory, 'blobs', 'sha256'), {recursive: true});
  for (const b of layout.blobs) writeFileSync(join(directory, 'blobs', 'sha256', b.digest.slice('sha256:'.length)), b.bytes);
  writeFileSync(join(directory, 'oci-layout'), JSON.stringify({imageLayoutVersion: '1.0.0'}));
  writeFileSync(join(directory, 'index.json'), JSON.stringify({
    schemaVersion: 2, mediaType: MEDIA.index,
    manifests: [{mediaType: MEDIA.index, digest: layout.index.digest, size: layout.index.size, annotations: {'org.opencontainers.image.ref.name': tag}}],
  }));
}

/** Reads back a layout this module wrote: its index (the one the tag names) and every blob it holds. */
export function readLayout(directory: string): {layout: Layout; tag: string} {
  const top = JSON.parse(readFileSync(join(directory, 'index.json'), 'utf8')) as {manifests: {digest: string; annotations?: Record<string, string>}[]};
  const entry = top.manifests[0];
  if (!entry) throw new Error(`${directory}/index.json names no image`);
  const read = (digest: string, mediaType: string): Blob => blob(mediaType, readFileSync(join(directory, 'blobs', 'sha256', digest.slice('sha256:'.length))));
  const index = read(entry.digest, MEDIA.index);
  const blobs: Blob[] = [];
  for (const child of (JSON.parse(Buffer.from(index.bytes).toString()) as {manifests: {digest: string}[]}).manifests) {
    const manifest = read(child.digest, MEDIA.manifest);
    const parsed = JSON.parse(Buffer.from(manifest.bytes).toString()) as {config: {digest: string}; layers: {digest: string}[]};
    for (const layer of parsed.layers) blobs.push(read(layer.digest, MEDIA.layer));
    blobs.push(read(parsed.config.digest, MEDIA.config), manifest);
  }
  blobs.push(index);
  return {layout: {index, blobs}, tag: entry.annotations?.['org.opencontainers.image.ref.name'] ?? ''};
}
