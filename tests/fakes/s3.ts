import { http, HttpResponse } from "msw";
import { setupServer } from "msw/node";

/**
 * A path-style S3-compatible endpoint in memory (as MinIO serves one): PUT, GET, DELETE an object,
 * ListObjectsV2 by prefix and multi-object delete. Like S3 it refuses a request without a SigV4
 * Authorization for the expected access key, without x-amz-date and x-amz-content-sha256, or for
 * another bucket.
 */
export function createFakeS3(options: { endpoint: string; bucket: string; accessKeyId: string }) {
  const objects = new Map<string, { body: Uint8Array; contentType: string }>();
  const calls: string[] = [];
  const base = `${options.endpoint}/${options.bucket}`;

  const denied = (request: Request) => {
    const auth = request.headers.get("authorization") ?? "";
    if (!auth.startsWith(`AWS4-HMAC-SHA256 Credential=${options.accessKeyId}/`) || !/SignedHeaders=.*host/.test(auth) || !/Signature=[0-9a-f]{64}$/.test(auth)) return true;
    return !request.headers.get("x-amz-date") || !request.headers.get("x-amz-content-sha256");
  };
  const error = (status: number, code: string) =>
    new HttpResponse(`<?xml version="1.0" encoding="UTF-8"?><Error><Code>${code}</Code><Message>${code}</Message></Error>`, { status, headers: { "Content-Type": "application/xml" } });

  const handlers = [
    http.put(`${base}/*`, async ({ request, params }) => {
      if (denied(request)) return error(403, "SignatureDoesNotMatch");
      const key = decodeURIComponent(String(params[0]));
      calls.push(`PUT ${key}`);
      objects.set(key, { body: new Uint8Array(await request.arrayBuffer()), contentType: request.headers.get("content-type") ?? "application/octet-stream" });
      return new HttpResponse(null, { status: 200, headers: { ETag: '"etag"' } });
    }),
    http.get(`${base}`, ({ request }) => {
      if (denied(request)) return error(403, "SignatureDoesNotMatch");
      const url = new URL(request.url);
      if (url.searchParams.get("list-type") !== "2") return error(400, "InvalidRequest");
      const prefix = url.searchParams.get("prefix") ?? "";
      calls.push(`LIST ${prefix}`);
      const keys = [...objects.keys()].filter((k) => k.startsWith(prefix));
      const contents = keys.map((k) => `<Contents><Key>${k}</Key><Size>${objects.get(k)!.body.byteLength}</Size></Contents>`).join("");
      return new HttpResponse(`<?xml version="1.0" encoding="UTF-8"?><ListBucketResult><Name>${options.bucket}</Name><Prefix>${prefix}</Prefix><KeyCount>${keys.length}</KeyCount><IsTruncated>false</IsTruncated>${contents}</ListBucketResult>`, { headers: { "Content-Type": "application/xml" } });
    }),
    http.get(`${base}/*`, ({ request, params }) => {
      if (denied(request)) return error(403, "SignatureDoesNotMatch");
      const key = decodeURIComponent(String(params[0]));
      calls.push(`GET ${key}`);
      const object = objects.get(key);
      if (!object) return error(404, "NoSuchKey");
      return new HttpResponse(object.body, { headers: { "Content-Type": object.contentType, "Content-Length": String(object.body.byteLength) } });
    }),
    http.delete(`${base}/*`, ({ request, params }) => {
      if (denied(request)) return error(403, "SignatureDoesNotMatch");
      const key = decodeURIComponent(String(params[0]));
      calls.push(`DELETE ${key}`);
      objects.delete(key);
      return new HttpResponse(null, { status: 204 });
    }),
    http.post(`${base}`, async ({ request }) => {
      if (denied(request)) return error(403, "SignatureDoesNotMatch");
      if (!new URL(request.url).searchParams.has("delete")) return error(400, "InvalidRequest");
      const xml = await request.text();
      const keys = [...xml.matchAll(/<Key>([^<]+)<\/Key>/g)].map((m) => m[1]!);
      calls.push(`DELETE-MANY ${keys.length}`);
      for (const key of keys) objects.delete(key);
      return new HttpResponse(`<?xml version="1.0" encoding="UTF-8"?><DeleteResult>${keys.map((k) => `<Deleted><Key>${k}</Key></Deleted>`).join("")}</DeleteResult>`, { headers: { "Content-Type": "application/xml" } });
    }),
  ];
  return { server: setupServer(...handlers), objects, calls };
}
