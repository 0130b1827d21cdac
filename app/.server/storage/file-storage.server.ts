import { mkdir, readFile, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { DeleteObjectCommand, DeleteObjectsCommand, GetObjectCommand, ListObjectsV2Command, PutObjectCommand, S3Client } from "@aws-sdk/client-s3";
import { env } from "../env.server";

/**
 * Where uploaded files (return evidence, chat photos) live: on disk under
 * `DOKANI_DATA_DIR/uploads/<shopId>/` by default, or in an S3-compatible bucket when `S3_BUCKET` is
 * set (`S3_ENDPOINT` for MinIO, R2 and the like). Keys are `<shopId>/<name>` in both, so erasing a
 * shop is one prefix.
 */

export type StorageKind = "local" | "s3";
export type StoredObject = { storage: StorageKind; key: string };

const KEY = /^[0-9a-f-]{36}\/[A-Za-z0-9._-]+$/;

function assertKey(key: string) {
  if (!KEY.test(key)) throw new Error(`Invalid storage key: ${key}`);
}

function uploadsRoot() {
  return path.join(env().dataDir, "uploads");
}

const globalForS3 = globalThis as { __dokaniS3?: S3Client };
function s3(): { client: S3Client; bucket: string } {
  const config = env();
  if (!config.S3_BUCKET) throw new Error("S3 storage is not configured (S3_BUCKET)");
  globalForS3.__dokaniS3 ??= new S3Client({
    region: config.S3_REGION,
    endpoint: config.S3_ENDPOINT,
    forcePathStyle: Boolean(config.S3_ENDPOINT),
    ...(config.S3_ACCESS_KEY_ID && config.S3_SECRET_ACCESS_KEY ? { credentials: { accessKeyId: config.S3_ACCESS_KEY_ID, secretAccessKey: config.S3_SECRET_ACCESS_KEY } } : {}),
  });
  return { client: globalForS3.__dokaniS3, bucket: config.S3_BUCKET };
}

/** The storage new files go to. */
export function defaultStorage(): StorageKind {
  return env().S3_BUCKET ? "s3" : "local";
}

/** Stores bytes under `<shopId>/<name>` and returns where they went. */
export async function putFile(shopId: string, name: string, bytes: Uint8Array, contentType = "application/octet-stream"): Promise<StoredObject> {
  const key = `${shopId}/${name}`;
  assertKey(key);
  if (defaultStorage() === "s3") {
    const { client, bucket } = s3();
    await client.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: bytes, ContentType: contentType, ServerSideEncryption: "AES256" }));
    return { storage: "s3", key };
  }
  const file = path.join(uploadsRoot(), key);
  await mkdir(path.dirname(file), { recursive: true });
  await writeFile(file, bytes, { mode: 0o600 });
  return { storage: "local", key };
}

/** Reads a stored file's bytes. */
export async function getFile(key: string, storage: StorageKind | string = "local"): Promise<Buffer> {
  assertKey(key);
  if (storage === "s3") {
    const { client, bucket } = s3();
    const object = await client.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
    return Buffer.from(await object.Body!.transformToByteArray());
  }
  return readFile(path.join(uploadsRoot(), key));
}

/** Deletes one stored file; a missing file is already deleted. */
export async function deleteFile(key: string, storage: StorageKind | string = "local"): Promise<void> {
  assertKey(key);
  if (storage === "s3") {
    const { client, bucket } = s3();
    await client.send(new DeleteObjectCommand({ Bucket: bucket, Key: key }));
    return;
  }
  await rm(path.join(uploadsRoot(), key), { force: true });
}

/** Deletes every file a shop has stored, on disk and, when configured, in the bucket. */
export async function deleteShopFiles(shopId: string): Promise<void> {
  if (!/^[0-9a-f-]{36}$/.test(shopId)) throw new Error(`Invalid shop id: ${shopId}`);
  await rm(path.join(uploadsRoot(), shopId), { recursive: true, force: true });
  if (!env().S3_BUCKET) return;
  const { client, bucket } = s3();
  let token: string | undefined;
  do {
    const page = await client.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: `${shopId}/`, ContinuationToken: token }));
    const objects = (page.Contents ?? []).map((o) => ({ Key: o.Key! }));
    if (objects.length) await client.send(new DeleteObjectsCommand({ Bucket: bucket, Delete: { Objects: objects, Quiet: true } }));
    token = page.IsTruncated ? page.NextContinuationToken : undefined;
  } while (token);
}
