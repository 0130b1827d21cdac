import { Agent, request as httpRequest, type IncomingMessage } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseEnv } from "../app/.server/env.server";
import { createHttpApp } from "./http-app";

let server: import("node:http").Server;
let base: string;
const agent = new Agent({ keepAlive: true, maxSockets: 1 });

beforeAll(async () => {
  const config = parseEnv({ ...process.env, NODE_ENV: "production", DOKANI_DEMO: "", SHOPIFY_API_KEY: "k", SHOPIFY_API_SECRET: "s", SHOPIFY_APP_URL: "http://localhost", DOKANI_SECRET: "x".repeat(32) });
  // Only Express's own answers are exercised here: the Remix build is never reached.
  const app = createHttpApp({ config, build: () => Promise.reject(new Error("no build in this test")), isReady: () => true, isDraining: () => false });
  server = await new Promise((resolve) => {
    const s = app.listen(0, "127.0.0.1", () => resolve(s));
  });
  server.keepAliveTimeout = 65_000;
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  agent.destroy();
  await new Promise((resolve) => server.close(resolve));
});

type Answer = { status: number; headers: IncomingMessage["headers"]; body: string; socket: unknown };

function send(method: string, path: string, body?: Buffer): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(`${base}${path}`, { method, agent, headers: body ? { "Content-Type": "application/octet-stream", "Content-Length": String(body.length) } : {} }, (res) => {
      let text = "";
      res.setEncoding("utf8");
      res.on("data", (chunk) => (text += chunk));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: text, socket: req.socket }));
      res.on("error", reject);
    });
    req.on("error", reject);
    if (body) req.end(body);
    else req.end();
  });
}

describe("connection hygiene", () => {
  it("answers an oversized body with 413 and Connection: close, and the keep-alive client's next request works", async () => {
    const first = await send("GET", "/healthz");
    expect(first.status).toBe(200);

    const refused = await send("POST", "/proxy/returns/lookup", Buffer.alloc(13 * 1024 * 1024, 0x61));
    expect(refused.status).toBe(413);
    expect(refused.headers.connection).toBe("close");
    expect(JSON.parse(refused.body)).toEqual({ error: { code: "payload_too_large", message: expect.any(String) } });

    // The agent does not reuse the closed connection: the next request gets a fresh one and no reset.
    const after = await send("GET", "/healthz");
    expect(after.status).toBe(200);
    expect(after.socket).not.toBe(refused.socket);
  });

  it("keeps an ordinary connection alive between requests", async () => {
    const one = await send("GET", "/healthz");
    const two = await send("GET", "/healthz");
    expect(one.headers.connection).toBe("keep-alive");
    expect(two.socket).toBe(one.socket);
  });
});

describe("the storefront's hot calls", () => {
  it("go straight to their route's action for a POST to the exact path, and through Remix otherwise", async () => {
    const calls: string[] = [];
    const resource = (id: string, path: string, extra: Record<string, unknown> = {}) => ({
      id,
      parentId: "root",
      path,
      ...extra,
      module: {
        action: async ({ request, context }: { request: Request; context: { remoteAddress: string } }) => {
          calls.push(`${id} action ${request.method} ${await request.text()} from ${context.remoteAddress}`);
          return Response.json({ answered: id }, { status: 201 });
        },
        loader: async ({ request }: { request: Request }) => {
          calls.push(`${id} loader ${request.method}`);
          return Response.json({ error: { code: "method_not_allowed", message: "POST only" } }, { status: 405 });
        },
      },
    });
    const build = {
      mode: "production",
      routes: {
        root: { id: "root", path: "", module: {} },
        "routes/proxy.returns.lookup": resource("routes/proxy.returns.lookup", "proxy/returns/lookup"),
        "routes/proxy.returns._index": resource("routes/proxy.returns._index", "proxy/returns", { index: true }),
      },
      entry: { module: { default: () => new Response("page"), handleError: () => {} } },
      assets: { routes: {}, entry: { module: "", imports: [] }, url: "", version: "1" },
      publicPath: "/",
      assetsBuildDirectory: "",
      future: {},
      isSpaMode: false,
    };
    const config = parseEnv({ ...process.env, NODE_ENV: "production", DOKANI_DEMO: "", SHOPIFY_API_KEY: "k", SHOPIFY_API_SECRET: "s", SHOPIFY_APP_URL: "http://localhost", DOKANI_SECRET: "x".repeat(32) });
    const app = createHttpApp({ config, build: build as never, isReady: () => true, isDraining: () => false });
    const own = await new Promise<import("node:http").Server>((resolve) => {
      const s = app.listen(0, "127.0.0.1", () => resolve(s));
    });
    try {
      const url = `http://127.0.0.1:${(own.address() as AddressInfo).port}`;
      const lookup = await fetch(`${url}/proxy/returns/lookup?shop=a.myshopify.com`, { method: "POST", body: '{"orderNumber":"1"}' });
      expect(lookup.status).toBe(201);
      expect(await lookup.json()).toEqual({ answered: "routes/proxy.returns.lookup" });
      const create = await fetch(`${url}/proxy/returns`, { method: "POST", body: "{}" });
      expect(await create.json()).toEqual({ answered: "routes/proxy.returns._index" });
      // Another method on the same path is Remix's to route.
      const read = await fetch(`${url}/proxy/returns/lookup`);
      expect(read.status).toBe(405);
      expect(calls).toEqual([
        'routes/proxy.returns.lookup action POST {"orderNumber":"1"} from 127.0.0.1',
        "routes/proxy.returns._index action POST {} from 127.0.0.1",
        "routes/proxy.returns.lookup loader GET",
      ]);
    } finally {
      await new Promise((resolve) => own.close(resolve));
    }
  });
});
