import { createHash } from "node:crypto";
import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import type { LoaderFunctionArgs } from "@remix-run/node";
import { env } from "../.server/env.server";

// The demo storefront has no Shopify CDN to load the theme app extensions' bundles from, so this
// route serves each extension's built assets/ folder in its place.

const CONTENT_TYPES: Record<string, string> = {
  ".js": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".json": "application/json; charset=utf-8",
  ".svg": "image/svg+xml",
  ".png": "image/png",
};

/** One plain file name: no folders, no dot files, so nothing outside an assets folder can be named. */
const FILE_NAME = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,127}$/;

const notFound = () => new Response("Not found", { status: 404, headers: { "Content-Type": "text/plain; charset=utf-8" } });

/** GET /demo/assets/:file: a built storefront bundle from an extension's assets/ folder, in demo mode only. */
export async function loader({ params, request }: LoaderFunctionArgs) {
  if (env().mode !== "demo") return notFound();
  const file = params.file ?? "";
  const type = CONTENT_TYPES[path.extname(file).toLowerCase()];
  if (!type || !FILE_NAME.test(file) || file.includes("..")) return notFound();

  const root = path.resolve("extensions");
  const extensions = await readdir(root, { withFileTypes: true }).catch(() => []);
  for (const extension of extensions.filter((e) => e.isDirectory()).map((e) => e.name).sort()) {
    const assets = path.join(root, extension, "assets");
    const candidate = path.resolve(assets, file);
    if (path.dirname(candidate) !== assets) continue;
    const body = await readFile(candidate).catch(() => null);
    if (!body) continue;
    const etag = `"${createHash("sha256").update(body).digest("base64url").slice(0, 27)}"`;
    // The names carry no hash, so browsers keep a copy but ask each time whether it is still current.
    const headers = { "Content-Type": type, "Cache-Control": "no-cache", ETag: etag, "X-Content-Type-Options": "nosniff" };
    const known = (request.headers.get("If-None-Match") ?? "").split(",").map((tag) => tag.trim().replace(/^W\//, ""));
    if (known.includes(etag)) return new Response(null, { status: 304, headers });
    return new Response(body, { status: 200, headers: { ...headers, "Content-Length": String(body.byteLength) } });
  }
  return notFound();
}
