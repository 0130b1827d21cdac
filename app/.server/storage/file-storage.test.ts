import { existsSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createFakeS3 } from "../../../tests/fakes/s3";
import { env, parseEnv, resetEnv } from "../env.server";
import { deleteFile, deleteShopFiles, getFile, putFile } from "./file-storage.server";
import { sniffImageType } from "./sniff-image-type";

const SHOP = "0b6f1c9a-1d2e-4f3a-8b5c-6d7e8f9a0b1c";
const OTHER = "1c7f2dab-2e3f-4a4b-9c6d-7e8f9a0b1c2d";

describe("sniffImageType", () => {
  it("knows JPEG, PNG, WebP and HEIC by their bytes and nothing by name", () => {
    expect(sniffImageType(Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 0]))).toBe("image/jpeg");
    expect(sniffImageType(Buffer.from("89504e470d0a1a0a0000", "hex"))).toBe("image/png");
    expect(sniffImageType(Buffer.from("RIFF\x00\x00\x00\x00WEBPVP8 ", "latin1"))).toBe("image/webp");
    expect(sniffImageType(Buffer.from("\x00\x00\x00\x18ftypheic\x00\x00\x00\x00", "latin1"))).toBe("image/heic");
    expect(sniffImageType(Buffer.from("<script>alert(1)</script>"))).toBeNull();
    expect(sniffImageType(Buffer.from("GIF89a"))).toBeNull();
    expect(sniffImageType(new Uint8Array())).toBeNull();
  });
});

describe("local storage", () => {
  it("stores under the shop's folder, reads back, deletes, and refuses keys that would escape it", async () => {
    const stored = await putFile(SHOP, "a.png", Buffer.from("one"));
    expect(stored).toEqual({ storage: "local", key: `${SHOP}/a.png` });
    expect((await getFile(stored.key)).toString()).toBe("one");
    await deleteFile(stored.key);
    expect(existsSync(path.join(env().dataDir, "uploads", stored.key))).toBe(false);
    await expect(getFile(`${SHOP}/../../secret`)).rejects.toThrow("Invalid storage key");
    await expect(putFile(SHOP, "../escape.png", Buffer.from("x"))).rejects.toThrow("Invalid storage key");
  });
});

describe("S3-compatible storage", () => {
  const fake = createFakeS3({ endpoint: "http://s3.test.local", bucket: "evidence", accessKeyId: "AKIATEST" });
  beforeAll(() => {
    fake.server.listen({ onUnhandledFrame: "error" });
    resetEnv(parseEnv({ ...process.env, S3_BUCKET: "evidence", S3_ENDPOINT: "http://s3.test.local", S3_ACCESS_KEY_ID: "AKIATEST", S3_SECRET_ACCESS_KEY: "secret" }));
  });
  afterAll(() => {
    fake.server.close();
    resetEnv();
  });

  it("puts, gets and deletes objects in the bucket with signed requests", async () => {
    const stored = await putFile(SHOP, "photo.jpg", Buffer.from([0xff, 0xd8, 0xff, 1]), "image/jpeg");
    expect(stored).toEqual({ storage: "s3", key: `${SHOP}/photo.jpg` });
    expect(fake.objects.get(`${SHOP}/photo.jpg`)?.contentType).toBe("image/jpeg");
    expect([...(await getFile(stored.key, "s3"))]).toEqual([0xff, 0xd8, 0xff, 1]);
    await deleteFile(stored.key, "s3");
    expect(fake.objects.has(stored.key)).toBe(false);
    await expect(getFile(stored.key, "s3")).rejects.toThrow();
  });

  it("erases every object of one shop and none of another's", async () => {
    await putFile(SHOP, "1.png", Buffer.from("1"));
    await putFile(SHOP, "2.png", Buffer.from("2"));
    await putFile(OTHER, "3.png", Buffer.from("3"));
    await deleteShopFiles(SHOP);
    expect([...fake.objects.keys()]).toEqual([`${OTHER}/3.png`]);
  });
});
