import { createHash, randomUUID } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, rename, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';

/** What storing a file gives back: the key to fetch it with, its size and SHA-256 (hex). */
export interface StoredFile {
  key: string;
  size: number;
  sha256: string;
}

/** Thrown by put() when the stream carries more than `maxBytes`; nothing is kept. */
export class FileTooLargeError extends Error {
  constructor(readonly maxBytes: number) {
    super(`file larger than ${maxBytes} bytes`);
  }
}

/**
 * The one interface attachments' bytes go through (metadata lives in the database). Keys are
 * content-addressed (the SHA-256), so the same file uploaded twice is stored once.
 */
export interface FileStorage {
  put(stream: Readable, options?: { maxBytes?: number }): Promise<StoredFile>;
  /** The file's bytes, or undefined when no file has this key. */
  get(key: string): Promise<{ stream: Readable; size: number } | undefined>;
}

const KEY = /^[0-9a-f]{64}$/;

/** Files on local disk under `${dataDir}/files/`, sharded by the first bytes of the hash. */
export function localFileStorage(dataDir: string): FileStorage {
  const root = path.join(dataDir, 'files');
  const pathOf = (key: string) => path.join(root, key.slice(0, 2), key.slice(2, 4), key);
  return {
    async put(stream, options = {}) {
      const tmpDir = path.join(root, 'tmp');
      await mkdir(tmpDir, { recursive: true });
      const tmp = path.join(tmpDir, randomUUID());
      const hash = createHash('sha256');
      let size = 0;
      const meter = new Transform({
        transform(chunk: Buffer, _encoding, done) {
          size += chunk.length;
          if (options.maxBytes !== undefined && size > options.maxBytes) {
            done(new FileTooLargeError(options.maxBytes));
            return;
          }
          hash.update(chunk);
          done(null, chunk);
        },
      });
      try {
        await pipeline(stream, meter, createWriteStream(tmp, { flags: 'wx' }));
      } catch (error) {
        await rm(tmp, { force: true });
        // A stream cut short by the multipart size limit is "too large" as well.
        if (!(error instanceof FileTooLargeError) && options.maxBytes !== undefined && size > options.maxBytes)
          throw new FileTooLargeError(options.maxBytes);
        throw error;
      }
      const sha256 = hash.digest('hex');
      const target = pathOf(sha256);
      await mkdir(path.dirname(target), { recursive: true });
      await rename(tmp, target);
      return { key: sha256, size, sha256 };
    },
    async get(key) {
      if (!KEY.test(key)) return undefined;
      const file = pathOf(key);
      try {
        const info = await stat(file);
        return { stream: createReadStream(file), size: info.size };
      } catch {
        return undefined;
      }
    },
  };
}
