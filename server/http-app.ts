import { randomUUID } from "node:crypto";
import path from "node:path";
import { createRemixRequest, sendRemixResponse } from "@remix-run/express/dist/server.js";
import { createRequestHandler as createRemixHandler, type ServerBuild } from "@remix-run/node";
import compression from "compression";
import express, { type NextFunction, type Request, type Response } from "express";
import { DATABASE_RETRY_AFTER_SECONDS, databaseUnavailableBody, isDatabaseUnavailable } from "../app/.server/db/database-unavailable";
import type { Env } from "../app/.server/env.server";
import type { LoadContext } from "../app/.server/http/load-context";
import { log, withLogContext } from "../app/.server/logger.server";
import { signProxyParams } from "../app/.server/proxy/proxy-signature";
import { DEMO_SHOP_DOMAIN } from "../app/.server/shops/demo-shop";
import { checkReadiness } from "./readiness";

export type HttpAppOptions = {
  config: Env;
  /** The Remix server build, or a function that loads it per request (development with Vite). */
  build: ServerBuild | (() => Promise<ServerBuild>);
  /** Vite's middleware in development; static files from build/client otherwise. */
  viteMiddleware?: express.RequestHandler;
  isReady: () => boolean;
  isDraining: () => boolean;
};

/** Bodies larger than this are refused before any route reads them (evidence uploads are at most 10 MB). */
const MAX_BODY_BYTES = 12 * 1024 * 1024;

const LOOPBACK = new Set(["127.0.0.1", "::1", "::ffff:127.0.0.1"]);

function jsonError(res: Response, status: number, code: string, message: string) {
  res.status(status).json({ error: { code, message } });
}

/** How long a refused request's body is still read (and dropped) before its connection closes. */
const LINGER_MS = 5_000;

/**
 * Connection hygiene for answers given before the request's body was read (413, a bad signature,
 * a rate limit): such a connection is not reusable, since the rest of the body would be read as
 * the next request. The answer says `Connection: close`, and the server keeps reading and dropping
 * what the client still sends (up to LINGER_MS) before it closes, because closing a socket with
 * unread bytes resets it and the client would lose the answer it was given.
 */
function closeWhenBodyUnread(req: Request, res: Response, next: NextFunction) {
  const hasBody = Number(req.headers["content-length"] ?? 0) > 0 || req.headers["transfer-encoding"] !== undefined;
  if (!hasBody) return next();
  const writeHead = res.writeHead;
  res.writeHead = function (this: Response, ...args: Parameters<Response["writeHead"]>) {
    if (!req.complete && !res.headersSent) {
      res.setHeader("Connection", "close");
      lingerBeforeClose(req);
    }
    return writeHead.apply(this, args);
  } as Response["writeHead"];
  next();
}

function lingerBeforeClose(req: Request) {
  const socket = req.socket as import("node:net").Socket & { destroySoon?: () => void };
  const destroySoon = socket.destroySoon?.bind(socket);
  if (!destroySoon) return;
  let closed = false;
  socket.destroySoon = () => {
    const close = () => {
      if (closed) return;
      closed = true;
      clearTimeout(timer);
      destroySoon();
    };
    const timer = setTimeout(close, LINGER_MS);
    timer.unref();
    if (req.complete) return close();
    req.once("end", close);
    req.once("close", close);
    socket.once("close", close);
    req.resume();
  };
}

/** The Express app: health, request ids and logs, the demo's app-proxy stand-in, static files, then Remix. */
export function createHttpApp(options: HttpAppOptions) {
  const { config } = options;
  const app = express();
  app.disable("x-powered-by");
  app.set("trust proxy", config.mode === "production" ? config.TRUSTED_PROXY_HOPS : false);
  app.use(closeWhenBodyUnread);

  // The demo has no login: it must answer nobody but this machine, whatever address it was bound to.
  if (config.mode === "demo") {
    app.use((req, res, next) => {
      if (LOOPBACK.has(req.socket.remoteAddress ?? "")) return next();
      jsonError(res, 403, "forbidden", "The Dokani demo only answers requests from this machine.");
    });
  }

  app.use((req, res, next) => {
    const incoming = req.get("x-request-id");
    const requestId = incoming && /^[\w.-]{1,64}$/.test(incoming) ? incoming : randomUUID();
    res.setHeader("X-Request-Id", requestId);
    const started = performance.now();
    res.on("finish", () => {
      // The path only: query strings carry tokens and signatures.
      withLogContext({ requestId }, () =>
        log().info({ method: req.method, path: req.path, status: res.statusCode, ms: Math.round(performance.now() - started) }, "request"),
      );
    });
    withLogContext({ requestId }, () => next());
  });

  app.get("/healthz", (_req, res) => {
    if (!options.isReady()) return jsonError(res, 503, "unavailable", "Dokani is starting.");
    res.set("Cache-Control", "no-store").json({ status: "ok" });
  });

  app.get("/readyz", async (_req, res) => {
    const checks = await checkReadiness(config);
    const ok = options.isReady() && !options.isDraining() && Object.values(checks).every((c) => c !== "failing");
    res.set("Cache-Control", "no-store").status(ok ? 200 : 503).json({ status: ok ? "ready" : "unavailable", checks });
  });

  app.use((req, res, next) => {
    const length = Number(req.get("content-length") ?? 0);
    if (length > MAX_BODY_BYTES) {
      // Refused before a byte of the body is read: the connection closes once the answer is out.
      return jsonError(res, 413, "payload_too_large", "The request body is larger than Dokani accepts.");
    }
    next();
  });

  if (config.mode === "demo") app.use(demoAppProxy(config));

  // Event streams (chat replies, conversation events) must reach the shopper as they are written:
  // compression would hold them back until a buffer fills.
  app.use(compression({ filter: (req, res) => !/^text\/event-stream/i.test(String(res.getHeader("Content-Type") ?? "")) && compression.filter(req, res) }));
  if (options.viteMiddleware) {
    app.use(options.viteMiddleware);
  } else {
    const client = path.resolve("build/client");
    app.use("/assets", express.static(path.join(client, "assets"), { immutable: true, maxAge: "1y", index: false }));
    app.use(express.static(client, { maxAge: "1h", index: false }));
  }

  app.all("*", remixHandler(options));

  app.use((error: unknown, _req: Request, res: Response, _next: NextFunction) => {
    if (isDatabaseUnavailable(error)) {
      log().warn({ err: error }, "database unavailable: answered 503");
      if (!res.headersSent) res.status(503).set({ "Retry-After": String(DATABASE_RETRY_AFTER_SECONDS), "Cache-Control": "no-store" }).json(databaseUnavailableBody());
      return;
    }
    log().error({ err: error }, "unhandled HTTP error");
    if (!res.headersSent) jsonError(res, 500, "internal_error", "Something went wrong on our side. Please try again in a moment.");
  });
  return app;
}

/**
 * Remix behind Express, with one rule for every page, storefront call, API call and webhook: a
 * request that failed because the database was unreachable answers 503 with `Retry-After` and
 * API.md's error body (a page keeps its error page, with the status and header), never 500, so
 * Shopify resends its webhook and clients try again once the database is back.
 */
function remixHandler(options: HttpAppOptions): express.RequestHandler {
  const build = options.build;
  const handle = createRemixHandler(build as Parameters<typeof createRemixHandler>[0], options.viteMiddleware ? "development" : "production");
  const direct = typeof build === "function" ? new Map<string, DirectAction>() : directActions(build);
  return async (req, res, next) => {
    try {
      const request = createRemixRequest(req, res);
      const context: LoadContext = {
        remoteAddress: req.socket.remoteAddress ?? "unknown",
        requestId: String(res.getHeader("X-Request-Id") ?? ""),
        faults: {},
      };
      const action = req.method === "POST" ? direct.get(req.path) : undefined;
      let response = action ? await action({ request, params: {}, context }) : await handle(request, context);
      if (response.status >= 500 && context.faults?.databaseUnavailable) response = asUnavailable(response);
      await sendRemixResponse(res, response);
    } catch (error) {
      next(error);
    }
  };
}

type FetchResponse = globalThis.Response;
type DirectAction = (args: { request: globalThis.Request; params: Record<string, string>; context: LoadContext }) => Promise<FetchResponse>;

/**
 * The storefront's two hottest calls (an order lookup, a new return) are POSTs to resource routes
 * whose actions answer every outcome themselves, errors included (API.md's error body). Their
 * actions are called straight from the route modules of the build, the same code Remix would run,
 * without Remix matching the request against every route twice on the way: the paths are exact,
 * so any other path or method still goes through Remix.
 */
const DIRECT_ACTIONS: Record<string, string> = {
  "/proxy/returns/lookup": "routes/proxy.returns.lookup",
  "/proxy/returns": "routes/proxy.returns._index",
};

function directActions(build: ServerBuild): Map<string, DirectAction> {
  const actions = new Map<string, DirectAction>();
  for (const [pathname, routeId] of Object.entries(DIRECT_ACTIONS)) {
    const action = build.routes[routeId]?.module.action;
    if (action) actions.set(pathname, action as unknown as DirectAction);
  }
  return actions;
}

function asUnavailable(response: FetchResponse): FetchResponse {
  const headers = new Headers(response.headers);
  headers.set("Retry-After", String(DATABASE_RETRY_AFTER_SECONDS));
  headers.set("Cache-Control", "no-store");
  if (/text\/html/i.test(headers.get("Content-Type") ?? "")) return new globalThis.Response(response.body, { status: 503, headers });
  void response.body?.cancel().catch(() => undefined);
  headers.set("Content-Type", "application/json; charset=utf-8");
  headers.delete("Content-Length");
  return new globalThis.Response(JSON.stringify(databaseUnavailableBody()), { status: 503, headers });
}

/**
 * The demo's stand-in for Shopify's app proxy: `/apps/dokani/<path>` on the "storefront" is
 * forwarded to `/proxy/<path>` with the parameters Shopify adds (`shop`, `logged_in_customer_id`,
 * `path_prefix`, `timestamp`) and Shopify's `signature`, made with the app secret. Like Shopify it
 * drops cookies and overrides any of those parameters the browser sent.
 */
function demoAppProxy(config: Env): express.RequestHandler {
  return (req, _res, next) => {
    if (req.path !== "/apps/dokani" && !req.path.startsWith("/apps/dokani/")) return next();
    const url = new URL(req.originalUrl, "http://storefront.local");
    const params = new URLSearchParams(url.search);
    for (const key of ["shop", "logged_in_customer_id", "path_prefix", "timestamp", "signature"]) params.delete(key);
    params.set("shop", DEMO_SHOP_DOMAIN);
    params.set("logged_in_customer_id", "");
    params.set("path_prefix", "/apps/dokani");
    params.set("timestamp", String(Math.floor(Date.now() / 1000)));
    params.set("signature", signProxyParams(params, config.shopifyApiSecret));
    const rest = url.pathname.replace(/^\/apps\/dokani/, "") || "/";
    // Remix's Express adapter builds its Request from originalUrl, so both are rewritten.
    req.url = `/proxy${rest}?${params.toString()}`;
    req.originalUrl = req.url;
    delete req.headers.cookie;
    next();
  };
}
