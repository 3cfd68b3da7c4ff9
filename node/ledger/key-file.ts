/**
 * The facility key file: the private key as PKCS #8 PEM, mode 0600, created at the
 * node's first start in its data directory (or given with --key-file). A driver: the
 * only module of node/ledger that touches the disk. The key is never logged; errors
 * name the file, never its content.
 */
import { constants } from 'node:fs';
import { mkdir, open, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { FacilityIdentity } from './identity.ts';

/** The key file is missing, unreadable, not a key, or open to other users. */
export class KeyFileError extends Error {
  override readonly name = 'KeyFileError';
}

/** The key file's name in a data directory (storage accepts a directory holding only it as fresh). */
export const FACILITY_KEY_FILE_NAME = 'facility-key.pem';

/** The default key file of a data directory. */
export function defaultKeyFile(dataDir: string): string {
  return path.join(dataDir, FACILITY_KEY_FILE_NAME);
}

/** Loads the identity in `file`; throws KeyFileError when it is missing or bad. */
export async function loadIdentity(file: string, facility: string): Promise<FacilityIdentity> {
  let mode: number;
  try {
    mode = (await stat(file)).mode;
  } catch (e) {
    throw new KeyFileError(`facility key file ${file}: ${(e as NodeJS.ErrnoException).code === 'ENOENT' ? 'does not exist' : (e as Error).message}`);
  }
  // As ssh does: a private key others can read is refused, not silently used.
  if ((mode & 0o077) !== 0) {
    throw new KeyFileError(`facility key file ${file} is accessible by other users (mode ${(mode & 0o777).toString(8)}); run chmod 600 ${file}`);
  }
  let pem: string;
  try {
    pem = await readFile(file, 'utf8');
  } catch (e) {
    throw new KeyFileError(`facility key file ${file}: ${(e as Error).message}`);
  }
  try {
    return FacilityIdentity.fromPem(facility, pem);
  } catch (e) {
    throw new KeyFileError(`facility key file ${file}: ${(e as Error).message}`);
  }
}

/**
 * Loads the identity in `file`, or creates a new key there (mode 0600, written and
 * synced before it is used) when the file does not exist.
 */
export async function loadOrCreateIdentity(file: string, facility: string): Promise<{ identity: FacilityIdentity; created: boolean }> {
  try {
    return { identity: await loadIdentity(file, facility), created: false };
  } catch (e) {
    if (!(e instanceof KeyFileError) || !/does not exist/.test(e.message)) throw e;
  }
  const identity = FacilityIdentity.generate(facility);
  await writeKeyFile(file, identity);
  return { identity, created: true };
}

/** Writes a new key file (refusing to replace an existing one), synced, with its directory entry. */
export async function writeKeyFile(file: string, identity: FacilityIdentity): Promise<void> {
  const dir = path.dirname(file);
  try {
    await mkdir(dir, { recursive: true, mode: 0o700 });
    const handle = await open(file, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL, 0o600);
    try {
      await handle.writeFile(identity.toPem());
      await handle.sync();
    } finally {
      await handle.close();
    }
    const dirHandle = await open(dir, constants.O_RDONLY);
    try {
      await dirHandle.sync();
    } finally {
      await dirHandle.close();
    }
  } catch (e) {
    throw new KeyFileError(`facility key file ${file}: cannot create it (${(e as Error).message})`);
  }
}
