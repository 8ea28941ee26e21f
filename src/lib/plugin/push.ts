// Pushes an image layout to a registry (OCI distribution spec: monolithic blob uploads, then manifests by digest, the
// index under its tag). Plain HTTP only for loopback registries; anything else goes over HTTPS.
import type {Layout} from './oci.js';

export interface Reference {
  readonly registry: string;
  readonly repository: string;
  readonly tag: string;
}

/** REGISTRY/REPOSITORY:TAG, e.g. 127.0.0.1:5000/deckhouse-cli/plugins/metallb:0.1.0. */
export function parseReference(text: string): Reference | undefined {
  const m = /^([^/]+)\/([a-z0-9]+(?:[._-][a-z0-9]+)*(?:\/[a-z0-9]+(?:[._-][a-z0-9]+)*)*):([A-Za-z0-9_][A-Za-z0-9._-]{0,127})$/.exec(text);
  return m ? {registry: m[1]!, repository: m[2]!, tag: m[3]!} : undefined;
}

const isLoopback = (registry: string) => /^(127\.\d+\.\d+\.\d+|localhost|\[::1\])(:\d+)?$/.test(registry);

export async function pushLayout(layout: Layout, reference: Reference): Promise<void> {
  const base = `${isLoopback(reference.registry) ? 'http' : 'https'}://${reference.registry}/v2/${reference.repository}`;
  const check = async (response: Response, what: string) => {
    if (!response.ok) throw new Error(`${what}: the registry answered ${response.status} ${(await response.text()).slice(0, 200)}`);
    return response;
  };
  const manifests = layout.blobs.filter((b) => b.mediaType.includes('manifest') || b.mediaType.includes('index'));
  for (const blob of layout.blobs) {
    if (manifests.includes(blob)) continue;
    if ((await fetch(`${base}/blobs/${blob.digest}`, {method: 'HEAD'})).ok) continue;
    const started = await check(await fetch(`${base}/blobs/uploads/`, {method: 'POST'}), 'starting an upload');
    const location = new URL(started.headers.get('location') ?? '', `${base}/`);
    location.searchParams.set('digest', blob.digest);
    await check(await fetch(location, {method: 'PUT', headers: {'content-type': 'application/octet-stream'}, body: new Blob([Buffer.from(blob.bytes)])}), `uploading ${blob.digest}`);
  }
  // Children first, by digest; the index last, under the tag.
  for (const m of manifests) {
    const target = m === layout.index ? reference.tag : m.digest;
    await check(await fetch(`${base}/manifests/${target}`, {method: 'PUT', headers: {'content-type': m.mediaType}, body: new Blob([Buffer.from(m.bytes)])}), `putting ${target}`);
  }
}
