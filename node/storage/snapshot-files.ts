import { createHash } from 'node:crypto';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { setImmediate as nextTurn } from 'node:timers/promises';
import { DataDirError } from './data-dir-error.ts';
import type { ImageRef } from './durable-log.ts';

/** The folder of a data directory that holds the snapshot images. */
export const SNAP_DIR = 'snap';

/** An image's name: its snapshot's index and term, 16 hex digits each, so names sort by index. */
const IMAGE_NAME = /^snap-[0-9a-f]{16}-[0-9a-f]{16}\.img$/;
/** An image being written: renamed into place once it is whole and fsynced. */
const TMP_SUFFIX = '.tmp';

/**
 * Bytes hashed per turn of the event loop: hashing 1 MiB takes about a millisecond, so
 * a large image costs many short turns and no long one.
 */
const HASH_SLICE = 1 << 20;

/** The file name of the image of the snapshot at `index` and `term`. */
export function imageName(index: number, term: number): string {
  return `snap-${index.toString(16).padStart(16, '0')}-${term.toString(16).padStart(16, '0')}.img`;
}

/**
 * SHA-256 of `data`, fed to the hash a slice per turn of the event loop: hashing tens
 * of megabytes at once would hold the loop (and Raft's heartbeats) for tens of ms.
 */
export async function sha256Sliced(data: Uint8Array): Promise<Uint8Array> {
  const hash = createHash('sha256');
  for (let at = 0; at < data.length; at += HASH_SLICE) {
    if (at > 0) await nextTurn();
    hash.update(data.subarray(at, at + HASH_SLICE));
  }
  return new Uint8Array(hash.digest());
}

/**
 * The snapshot image files of one data directory, in its snap/ folder: a snapshot's
 * bytes live in a file of their own, beside LevelDB rather than in it, so writing one
 * never holds up the log's batches. LevelDB names the image (ImageRef: file, length,
 * checksum) in its snapshot record; this module writes, checks, reads and deletes the
 * files and decides nothing about which one is current.
 *
 * All file I/O goes through fs.promises (the libuv threadpool), off the event loop.
 */
export class SnapshotFiles {
  /** The snap/ folder. */
  readonly folder: string;

  /** `dataDir`: the data directory (absolute), named in the DataDirErrors this raises. */
  constructor(private readonly dataDir: string) {
    this.folder = path.join(dataDir, SNAP_DIR);
  }

  /** Creates the snap/ folder if it does not exist (fsyncing the data directory that gains it). */
  async prepare(): Promise<void> {
    try {
      await fs.mkdir(this.folder);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'EEXIST') return;
      throw e;
    }
    await syncDirectory(this.dataDir);
  }

  /**
   * Writes the image of the snapshot at `index` and `term` durably: to a temporary file,
   * fsynced and closed, then renamed into place and the folder fsynced, so the name
   * only ever shows a whole image. The checksum is computed meanwhile. Writing the same
   * index and term again replaces that file: callers never do so while LevelDB names it.
   */
  async write(index: number, term: number, data: Uint8Array): Promise<ImageRef> {
    const file = imageName(index, term);
    const final = path.join(this.folder, file);
    const tmp = final + TMP_SUFFIX;
    const [sha256] = await Promise.all([sha256Sliced(data), writeSynced(tmp, data)]);
    await fs.rename(tmp, final);
    await syncDirectory(this.folder);
    return { index, term, file, bytes: data.length, sha256 };
  }

  /**
   * Reads the image `ref` names and checks it against the name, length and checksum the
   * database holds. Throws DataDirError when the file is missing, misnamed, or not
   * those bytes.
   */
  async read(ref: ImageRef): Promise<Uint8Array> {
    const shown = `snapshot image ${SNAP_DIR}/${ref.file}`;
    if (!IMAGE_NAME.test(ref.file) || ref.file !== imageName(ref.index, ref.term)) {
      throw new DataDirError(this.dataDir, `is corrupt: the snapshot at index ${ref.index} (term ${ref.term}) names the image ${JSON.stringify(ref.file)}, not ${imageName(ref.index, ref.term)}`);
    }
    let data: Uint8Array;
    try {
      data = new Uint8Array(await fs.readFile(path.join(this.folder, ref.file)));
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') throw new DataDirError(this.dataDir, `is corrupt: ${shown} named in the data directory is missing`);
      throw new DataDirError(this.dataDir, `could not be read: ${shown}: ${(e as Error).message}`);
    }
    if (data.length !== ref.bytes) {
      throw new DataDirError(this.dataDir, `holds a corrupt ${shown}: ${data.length} bytes where the database names ${ref.bytes}`);
    }
    const sha256 = await sha256Sliced(data);
    if (!sameBytes(sha256, ref.sha256)) throw new DataDirError(this.dataDir, `holds a corrupt ${shown}: checksum mismatch`);
    return data;
  }

  /** Deletes the image `file`, if it exists (a crash before this leaves it to removeStrays). */
  async remove(file: string): Promise<void> {
    await fs.rm(path.join(this.folder, file), { force: true });
  }

  /**
   * Deletes every image and half-written image in snap/ except `keep` (the one the
   * database names): what a crash left between writing an image and naming it, or
   * between naming a newer one and deleting the older. Files not named like ours are
   * left alone. Returns the names deleted.
   */
  async removeStrays(keep: string | undefined): Promise<string[]> {
    const removed: string[] = [];
    for (const name of await fs.readdir(this.folder)) {
      const ours = IMAGE_NAME.test(name) || (name.endsWith(TMP_SUFFIX) && IMAGE_NAME.test(name.slice(0, -TMP_SUFFIX.length)));
      if (!ours || name === keep) continue;
      await fs.rm(path.join(this.folder, name), { force: true });
      removed.push(name);
    }
    if (removed.length > 0) await syncDirectory(this.folder);
    return removed;
  }
}

/** Writes `data` to a new file at `file` and fsyncs it before closing. */
async function writeSynced(file: string, data: Uint8Array): Promise<void> {
  const handle = await fs.open(file, 'w');
  try {
    await handle.writeFile(data);
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/** fsyncs a directory, so the names created, renamed or deleted in it are durable. */
async function syncDirectory(dir: string): Promise<void> {
  const handle = await fs.open(dir, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}
