import { mkdir, readFile, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { env } from "../env.server";

/**
 * Where uploaded files (return evidence, chat photos) live. By default on disk under
 * `DOKANI_DATA_DIR/uploads/<shopId>/`, one folder per shop so a shop's erasure is one `rm -r`.
 */

export type StoredObject = { storage: "local"; key: string };

function uploadsRoot() {
  return path.join(env().dataDir, "uploads");
}

/** Resolves a storage key to a path, refusing keys that would escape the uploads folder. */
function localPath(key: string): string {
  if (!/^[0-9a-f-]{36}\/[A-Za-z0-9._-]+$/.test(key)) throw new Error(`Invalid storage key: ${key}`);
  return path.join(uploadsRoot(), key);
}

/** Stores bytes under `<shopId>/<name>` and returns the key to keep. */
export async function putFile(shopId: string, name: string, bytes: Uint8Array): Promise<StoredObject> {
  const key = `${shopId}/${name}`;
  const file = localPath(key);
  await mkdir(path.dirname(file), { recursive: true });
  await writeFile(file, bytes, { mode: 0o600 });
  return { storage: "local", key };
}

/** Reads a stored file's bytes. */
export async function getFile(key: string): Promise<Buffer> {
  return readFile(localPath(key));
}

/** Deletes one stored file; a missing file is already deleted. */
export async function deleteFile(key: string): Promise<void> {
  await rm(localPath(key), { force: true });
}

/** Deletes every file a shop has stored. */
export async function deleteShopFiles(shopId: string): Promise<void> {
  if (!/^[0-9a-f-]{36}$/.test(shopId)) throw new Error(`Invalid shop id: ${shopId}`);
  await rm(path.join(uploadsRoot(), shopId), { recursive: true, force: true });
}
