import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { gzip } from 'node:zlib';

export interface StaticAsset {
  raw: Buffer;
  gzipped: Buffer;
  etag: string;
}

/**
 * Microsoft's prebuilt Web Chat bundle from our own node_modules, served by us (no CDN: no third
 * party learns who opens the chat). It is about 4 MB, so it is compressed once, on first use.
 */
export function webChatBundlePath(): string {
  // The package's exports hide dist/, so find it beside the entry point.
  return path.join(path.dirname(require.resolve('botframework-webchat')), '..', 'dist', 'webchat.js');
}

/**
 * Loads a file once and keeps it with its gzip form and an ETag. The file is found on first use,
 * so a missing one is an error for that request, not a failed start; a failed load is tried again.
 */
export function cachedAsset(locate: () => string): () => Promise<StaticAsset> {
  let loading: Promise<StaticAsset> | null = null;
  return () => {
    loading ??= Promise.resolve().then(() => load(locate())).catch((error: unknown) => {
      loading = null;
      throw error;
    });
    return loading;
  };
}

async function load(file: string): Promise<StaticAsset> {
  const raw = await readFile(file);
  const gzipped = await promisify(gzip)(raw, { level: 9 });
  return { raw, gzipped, etag: `"${createHash('sha256').update(raw).digest('base64url').slice(0, 27)}"` };
}
