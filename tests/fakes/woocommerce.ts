import { execFileSync } from "node:child_process";
import { createHmac, randomUUID, timingSafeEqual } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import http from "node:http";
import https from "node:https";
import type { AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";

/**
 * A fake WooCommerce store (REST API v3) for the subset Dokani uses, served over real HTTP(S):
 * orders (list with `search`, `include`, `page`, `per_page`; get), refunds (list; create with
 * WooCommerce's validation), order notes, webhooks (list, create, delete) and system_status.
 * Authentication is checked as WooCommerce checks it: HTTP Basic only over HTTPS, OAuth 1.0a
 * (HMAC-SHA256 or -SHA1 over the method, URL and query, with timestamp and nonce) over plain HTTP;
 * lists carry `X-WP-Total` and `X-WP-TotalPages`. `failNext(n, status)` answers the next n API
 * calls with 429 (and Retry-After) or a 5xx, as a throttled or broken host does.
 */

export type FakeWooLineItem = { id: number; name: string; product_id: number; variation_id: number; quantity: number; sku: string; price: number; subtotal: string; subtotal_tax: string; total: string; total_tax: string; meta_data: Array<{ key: string; value: string }> };
export type FakeWooRefundLine = { id: number; name: string; product_id: number; quantity: number; total: string; total_tax: string; meta_data: Array<{ key: string; value: string }> };
export type FakeWooRefund = { id: number; date_created_gmt: string; amount: string; reason: string; refunded_by: number; refunded_payment: boolean; meta_data: Array<{ key: string; value: unknown }>; line_items: FakeWooRefundLine[]; api_restock: boolean };
/** The address fields Dokani reads (WooCommerce sends more: company, address_1, city, ...); empty strings when not filled in, as WooCommerce answers. */
export type FakeWooAddress = { first_name: string; last_name: string; country: string; phone: string };
export type FakeWooOrder = {
  id: number;
  number: string;
  status: string;
  currency: string;
  date_created_gmt: string;
  date_paid_gmt: string | null;
  date_completed_gmt: string | null;
  total: string;
  total_tax: string;
  customer_note: string;
  billing: FakeWooAddress & { email: string };
  /** Since WooCommerce 5.6 the shipping address has a phone too; stores often leave it empty. */
  shipping: FakeWooAddress;
  line_items: FakeWooLineItem[];
  refunds: FakeWooRefund[];
  notes: Array<{ id: number; note: string; customer_note: boolean; date_created_gmt: string }>;
  parent_id?: number;
  meta_data?: Array<{ key: string; value: unknown }>;
  /** Set once WooCommerce has taken the order's items from stock (`_order_stock_reduced`). */
  stock_reduced?: boolean;
  /** Emails WooCommerce sent the customer for customer notes. */
  emails?: string[];
};
export type FakeWooVariation = { id: number; parent_id: number; attributes: Array<{ name: string; option: string }>; sku: string; price: string; manage_stock: boolean; stock_quantity: number | null; stock_status: string };
export type FakeWooProduct = { id: number; name: string; type: "simple" | "variable"; status: string; sku: string; price: string; manage_stock: boolean; stock_quantity: number | null; stock_status: string; tags: Array<{ name: string }>; variations: FakeWooVariation[] };
export type FakeWooCoupon = { id: number; code: string; discount_type: string; amount: string; email_restrictions: string[]; usage_limit: number | null; individual_use: boolean; description: string; meta_data: Array<{ key: string; value: unknown }> };
export type FakeWooWebhook = { id: number; name: string; topic: string; delivery_url: string; secret: string; status: string };
export type FakeWooCall = { method: string; path: string; query: Record<string, string>; status: number; auth: "basic" | "oauth1" | "none"; body?: unknown };

type NewOrder = {
  id?: number;
  number?: string;
  email: string;
  status?: string;
  currency?: string;
  createdAt?: string;
  completedAt?: string | null;
  firstName?: string;
  lastName?: string;
  /** As the shopper typed it at checkout, often without the country code. */
  billingPhone?: string;
  shippingPhone?: string;
  /** ISO 3166 alpha-2 of both addresses; "US" unless told. */
  country?: string;
  lineItems: Array<{ name: string; quantity: number; total: string; totalTax?: string; sku?: string; productId?: number; variationId?: number }>;
};

const cents = (value: string) => Math.round(Number(value) * 100);
const money = (c: number) => (c / 100).toFixed(2);

/** RFC 3986 encoding, as OAuth 1.0a and WooCommerce's `wc_rest_urlencode_rfc3986` do. */
function rfc3986(value: string) {
  return encodeURIComponent(value).replace(/[!*'()]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

/** A self-signed certificate for 127.0.0.1 made with the openssl CLI in a temporary folder. */
function selfSignedCertificate(): { key: Buffer; cert: Buffer } {
  const dir = mkdtempSync(path.join(os.tmpdir(), "fake-woo-tls-"));
  try {
    execFileSync("openssl", ["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", path.join(dir, "key.pem"), "-out", path.join(dir, "cert.pem"), "-days", "1", "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1,DNS:localhost"], { stdio: "ignore" });
    return { key: readFileSync(path.join(dir, "key.pem")), cert: readFileSync(path.join(dir, "cert.pem")) };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export type FakeWooCommerce = Awaited<ReturnType<typeof createFakeWooCommerce>>;

/** Starts a fake store; `url` is its home URL, `httpsAgent` trusts its certificate (HTTPS only). */
export async function createFakeWooCommerce(options: { https: boolean; consumerKey?: string; consumerSecret?: string; perPageMax?: number }) {
  const consumerKey = options.consumerKey ?? `ck_${randomUUID().replace(/-/g, "")}`;
  const consumerSecret = options.consumerSecret ?? `cs_${randomUUID().replace(/-/g, "")}`;
  const orders = new Map<number, FakeWooOrder>();
  const products = new Map<number, FakeWooProduct>();
  const coupons = new Map<number, FakeWooCoupon>();
  const webhooks = new Map<number, FakeWooWebhook>();
  const calls: FakeWooCall[] = [];
  const nonces = new Set<string>();
  let nextId = 500;
  let failures: Array<{ status: number; retryAfter?: string }> = [];

  const store = {
    orders,
    webhooks,
    products,
    coupons,
    /** Adds a product; with `variations`, a variable product whose variations carry their own stock. */
    addProduct(input: { name: string; price: string; stock?: number | null; variations?: Array<{ option: string; price?: string; stock: number | null; sku?: string }> }): FakeWooProduct {
      const id = nextId++;
      const stockStatus = (stock: number | null | undefined) => (stock === null || stock === undefined || stock > 0 ? "instock" : "outofstock");
      const product: FakeWooProduct = {
        id,
        name: input.name,
        type: input.variations ? "variable" : "simple",
        status: "publish",
        sku: "",
        price: input.price,
        manage_stock: input.stock !== undefined && input.stock !== null,
        stock_quantity: input.stock ?? null,
        stock_status: stockStatus(input.stock),
        tags: [],
        variations: (input.variations ?? []).map((v) => ({ id: nextId++, parent_id: id, attributes: [{ name: "Size", option: v.option }], sku: v.sku ?? "", price: v.price ?? input.price, manage_stock: v.stock !== null, stock_quantity: v.stock, stock_status: stockStatus(v.stock) })),
      };
      products.set(id, product);
      return product;
    },
    /** Adds an order; ids and line item ids are allocated like WooCommerce's posts. */
    addOrder(input: NewOrder): FakeWooOrder {
      const id = input.id ?? nextId++;
      const lineItems = input.lineItems.map((line) => {
        const lineId = nextId++;
        return { id: lineId, name: line.name, product_id: line.productId ?? lineId + 10_000, variation_id: line.variationId ?? 0, quantity: line.quantity, sku: line.sku ?? "", price: Number(line.total) / line.quantity, subtotal: line.total, subtotal_tax: line.totalTax ?? "0.00", total: line.total, total_tax: line.totalTax ?? "0.00", meta_data: [] };
      });
      const totalCents = lineItems.reduce((sum, l) => sum + cents(l.total) + cents(l.total_tax), 0);
      const created = input.createdAt ?? new Date(Date.now() - 5 * 86_400_000).toISOString().slice(0, 19);
      const order: FakeWooOrder = {
        id,
        number: input.number ?? String(id),
        status: input.status ?? "completed",
        currency: input.currency ?? "USD",
        date_created_gmt: created,
        date_paid_gmt: created,
        date_completed_gmt: input.completedAt === undefined ? new Date(Date.now() - 2 * 86_400_000).toISOString().slice(0, 19) : input.completedAt,
        total: money(totalCents),
        total_tax: money(lineItems.reduce((sum, l) => sum + cents(l.total_tax), 0)),
        customer_note: "",
        billing: { first_name: input.firstName ?? "Alex", last_name: input.lastName ?? "Doe", email: input.email, country: input.country ?? "US", phone: input.billingPhone ?? "" },
        shipping: { first_name: input.firstName ?? "Alex", last_name: input.lastName ?? "Doe", country: input.country ?? "US", phone: input.shippingPhone ?? "" },
        line_items: lineItems,
        refunds: [],
        notes: [],
      };
      orders.set(id, order);
      return order;
    },
    /** A refund made by the merchant in wp-admin, outside Dokani. */
    refundInAdmin(orderId: number, lines: Array<{ lineItemId: number; quantity: number }>, amount: string) {
      return createRefund(orders.get(orderId)!, { amount, reason: "Refunded in wp-admin", line_items: lines.map((l) => ({ id: l.lineItemId, quantity: l.quantity })) });
    },
  };

  /** WooCommerce takes an order's items from stock once, when it goes on hold, processing or completed (`wc_maybe_reduce_stock_levels`). */
  function reduceStockIfDue(order: FakeWooOrder) {
    if (order.stock_reduced || !["on-hold", "processing", "completed"].includes(order.status)) return;
    order.stock_reduced = true;
    for (const line of order.line_items) {
      const product = products.get(line.product_id);
      const target = product?.variations.find((v) => v.id === line.variation_id) ?? product;
      if (target && target.manage_stock && target.stock_quantity !== null) {
        // WooCommerce lets REST orders take stock below zero; only the checkout refuses.
        target.stock_quantity -= line.quantity;
        target.stock_status = target.stock_quantity > 0 ? "instock" : "outofstock";
      }
    }
  }

  function orderView(order: FakeWooOrder) {
    const { notes: _notes, refunds, stock_reduced: _reduced, emails: _emails, parent_id: _parent, meta_data: _meta, ...rest } = order;
    return { ...rest, refunds: refunds.map((r) => ({ id: r.id, reason: r.reason, total: `-${r.amount}` })) };
  }

  function refundedCents(order: FakeWooOrder) {
    return order.refunds.reduce((sum, r) => sum + cents(r.amount), 0);
  }

  function refundedQuantity(order: FakeWooOrder, lineId: number) {
    let quantity = 0;
    for (const refund of order.refunds) for (const line of refund.line_items) if (line.meta_data.some((m) => m.key === "_refunded_item_id" && m.value === String(lineId))) quantity += -line.quantity;
    return quantity;
  }

  type Failure = { status: number; code: string; message: string };
  function createRefund(order: FakeWooOrder, body: Record<string, unknown>): FakeWooRefund | Failure {
    const amountText = body.amount === undefined ? undefined : String(body.amount);
    if (amountText !== undefined && !/^\d+(\.\d{1,2})?$/.test(amountText)) return { status: 400, code: "rest_invalid_param", message: "Invalid parameter(s): amount" };
    const lines = Array.isArray(body.line_items) ? (body.line_items as Array<Record<string, unknown>>) : [];
    const refundLines: FakeWooRefundLine[] = [];
    let linesCents = 0;
    for (const line of lines) {
      const item = order.line_items.find((l) => String(l.id) === String(line.id));
      // WooCommerce answers its refund failures with 500 and this code (wc_create_refund's WP_Error).
      if (!item) return { status: 500, code: "woocommerce_rest_cannot_create_order_refund", message: `Invalid line item ID ${String(line.id)}.` };
      const quantity = Number(line.quantity ?? 0);
      if (!Number.isInteger(quantity) || quantity < 0) return { status: 500, code: "woocommerce_rest_cannot_create_order_refund", message: "Refund quantity must be a positive whole number." };
      if (quantity > item.quantity - refundedQuantity(order, item.id)) return { status: 500, code: "woocommerce_rest_cannot_create_order_refund", message: `Invalid refund quantity for ${item.name}.` };
      const total = cents(String(line.refund_total ?? "0"));
      const tax = cents(String(line.refund_tax ?? "0"));
      linesCents += total + tax;
      refundLines.push({ id: nextId++, name: item.name, product_id: item.product_id, quantity: -quantity, total: money(-total), total_tax: money(-tax), meta_data: [{ key: "_refunded_item_id", value: String(item.id) }] });
    }
    const amount = amountText !== undefined ? cents(amountText) : linesCents;
    if (amount <= 0) return { status: 400, code: "woocommerce_rest_invalid_order_refund", message: "Refund amount must be greater than zero." };
    const remaining = cents(order.total) - refundedCents(order);
    if (amount > remaining) return { status: 500, code: "woocommerce_rest_cannot_create_order_refund", message: "Invalid refund amount." };
    const refund: FakeWooRefund = {
      id: nextId++,
      date_created_gmt: new Date().toISOString().slice(0, 19),
      amount: money(amount),
      reason: String(body.reason ?? ""),
      refunded_by: 1,
      // `api_refund` defaults to true in WooCommerce: the gateway moves the money.
      refunded_payment: body.api_refund === undefined ? true : body.api_refund === true,
      api_restock: body.api_restock === undefined ? true : body.api_restock === true,
      meta_data: Array.isArray(body.meta_data) ? (body.meta_data as FakeWooRefund["meta_data"]) : [],
      line_items: refundLines,
    };
    order.refunds.unshift(refund);
    if (refundedCents(order) === cents(order.total)) order.status = "refunded";
    return refund;
  }

  function checkOAuth(method: string, url: URL): boolean {
    // PHP's $_GET keeps the last of a repeated key (the JS client sends its query twice over).
    const params = Object.entries(Object.fromEntries(url.searchParams));
    const get = (k: string) => url.searchParams.get(k);
    if (get("oauth_consumer_key") !== consumerKey) return false;
    const signatureMethod = get("oauth_signature_method");
    if (signatureMethod !== "HMAC-SHA256" && signatureMethod !== "HMAC-SHA1") return false;
    const timestamp = Number(get("oauth_timestamp"));
    // WooCommerce refuses timestamps more than 15 minutes off and nonces it has seen.
    if (!Number.isFinite(timestamp) || Math.abs(Date.now() / 1000 - timestamp) > 15 * 60) return false;
    const nonce = get("oauth_nonce");
    if (!nonce || nonces.has(`${timestamp}:${nonce}`)) return false;
    const normalized = params
      .filter(([k]) => k !== "oauth_signature")
      .map(([k, v]) => [rfc3986(k), rfc3986(v)] as const)
      .sort(([a, av], [b, bv]) => (a < b ? -1 : a > b ? 1 : av < bv ? -1 : av > bv ? 1 : 0))
      .map(([k, v]) => `${k}=${v}`)
      .join("&");
    const base = `${method.toUpperCase()}&${rfc3986(`${url.protocol}//${url.host}${url.pathname}`)}&${rfc3986(normalized)}`;
    const expected = createHmac(signatureMethod === "HMAC-SHA256" ? "sha256" : "sha1", `${consumerSecret}&`).update(base).digest();
    const given = Buffer.from(get("oauth_signature") ?? "", "base64");
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) return false;
    nonces.add(`${timestamp}:${nonce}`);
    return true;
  }

  function checkBasic(header: string | undefined): boolean {
    if (!header?.startsWith("Basic ")) return false;
    const [user, ...rest] = Buffer.from(header.slice(6), "base64").toString("utf8").split(":");
    return user === consumerKey && rest.join(":") === consumerSecret;
  }

  function paginate<T>(items: T[], query: URLSearchParams, res: http.ServerResponse): T[] {
    const perPage = Math.min(options.perPageMax ?? 100, Math.max(1, Number(query.get("per_page") ?? 10)));
    const page = Math.max(1, Number(query.get("page") ?? 1));
    res.setHeader("X-WP-Total", String(items.length));
    res.setHeader("X-WP-TotalPages", String(Math.max(1, Math.ceil(items.length / perPage))));
    return items.slice((page - 1) * perPage, page * perPage);
  }

  const handler = (req: http.IncomingMessage, res: http.ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const url = new URL(req.url ?? "/", `${options.https ? "https" : "http"}://${req.headers.host}`);
      const method = req.method ?? "GET";
      const call: FakeWooCall = { method, path: url.pathname, query: Object.fromEntries(url.searchParams), status: 0, auth: "none" };
      calls.push(call);
      const send = (status: number, body: unknown, headers: Record<string, string> = {}) => {
        call.status = status;
        res.writeHead(status, { "Content-Type": "application/json; charset=UTF-8", ...headers });
        res.end(JSON.stringify(body));
      };
      const error = (status: number, code: string, message: string) => send(status, { code, message, data: { status } });

      const prefix = "/wp-json/wc/v3/";
      if (!url.pathname.startsWith(prefix)) return error(404, "rest_no_route", "No route was found matching the URL and request method.");
      const failure = failures.shift();
      if (failure) {
        if (failure.status === 429) return send(429, { code: "too_many_requests", message: "Too many requests." }, failure.retryAfter ? { "Retry-After": failure.retryAfter } : {});
        return send(failure.status, { code: "internal_server_error", message: "There has been a critical error on this website." });
      }
      if (options.https) {
        if (checkBasic(req.headers.authorization)) call.auth = "basic";
      } else if (url.searchParams.has("oauth_signature") && checkOAuth(method, url)) {
        call.auth = "oauth1";
      }
      if (call.auth === "none") return error(401, options.https ? "woocommerce_rest_cannot_view" : "woocommerce_rest_authentication_error", options.https ? "Sorry, you cannot list resources." : "Invalid signature - provided signature does not match.");

      let body: Record<string, unknown> = {};
      if (chunks.length) {
        try {
          body = JSON.parse(Buffer.concat(chunks).toString("utf8"));
        } catch {
          return error(400, "rest_invalid_json", "Invalid JSON body passed.");
        }
        call.body = body;
      }
      const route = url.pathname.slice(prefix.length).replace(/\/$/, "");
      const parts = route.split("/");

      if (route === "system_status" && method === "GET") {
        return send(200, { environment: { home_url: `${url.protocol}//${url.host}`, site_url: `${url.protocol}//${url.host}`, version: "9.4.0" }, settings: { currency: "EUR", currency_symbol: "€" } });
      }
      if (parts[0] === "products" && method === "GET") {
        if (parts.length === 1) {
          const max = url.searchParams.get("max_price");
          const status = url.searchParams.get("status");
          const list = [...products.values()].filter((p) => (!status || p.status === status) && (!max || Number(p.price) <= Number(max) || p.variations.some((v) => Number(v.price) <= Number(max))));
          return send(200, paginate(list, url.searchParams, res).map(({ variations, ...rest }) => ({ ...rest, variations: variations.map((v) => v.id) })));
        }
        const product = products.get(Number(parts[1]));
        if (!product) return error(404, "woocommerce_rest_product_invalid_id", "Invalid ID.");
        if (parts.length === 2) return send(200, { ...product, variations: product.variations.map((v) => v.id) });
        if (parts[2] === "variations" && parts.length === 3) return send(200, paginate(product.variations, url.searchParams, res));
      }
      if (route === "coupons" && method === "GET") {
        const code = url.searchParams.get("code")?.toLowerCase();
        return send(200, [...coupons.values()].filter((c) => !code || c.code === code));
      }
      if (route === "coupons" && method === "POST") {
        // WooCommerce stores coupon codes lowercased and refuses a code already used.
        const code = typeof body.code === "string" ? body.code.trim().toLowerCase() : "";
        if (!code) return error(400, "woocommerce_rest_empty_coupon_code", "The coupon code cannot be empty.");
        if ([...coupons.values()].some((c) => c.code === code)) return error(400, "woocommerce_rest_coupon_code_already_exists", "The coupon code already exists");
        const type = String(body.discount_type ?? "fixed_cart");
        if (!["percent", "fixed_cart", "fixed_product"].includes(type)) return error(400, "rest_invalid_param", "Invalid parameter(s): discount_type");
        if (body.amount !== undefined && !/^\d+(\.\d+)?$/.test(String(body.amount))) return error(400, "rest_invalid_param", "Invalid parameter(s): amount");
        const coupon: FakeWooCoupon = {
          id: nextId++,
          code,
          discount_type: type,
          amount: money(cents(String(body.amount ?? "0"))),
          email_restrictions: Array.isArray(body.email_restrictions) ? body.email_restrictions.map(String) : [],
          usage_limit: typeof body.usage_limit === "number" ? body.usage_limit : null,
          individual_use: body.individual_use === true,
          description: String(body.description ?? ""),
          meta_data: Array.isArray(body.meta_data) ? (body.meta_data as FakeWooCoupon["meta_data"]) : [],
        };
        coupons.set(coupon.id, coupon);
        return send(201, coupon);
      }
      if (route === "orders" && method === "POST") {
        const items = Array.isArray(body.line_items) ? (body.line_items as Array<Record<string, unknown>>) : [];
        const lineItems: FakeWooLineItem[] = [];
        for (const item of items) {
          const product = products.get(Number(item.product_id));
          if (!product) return error(400, "woocommerce_rest_invalid_product_id", `Product ID ${String(item.product_id)} is invalid.`);
          const variation = item.variation_id ? product.variations.find((v) => v.id === Number(item.variation_id)) : undefined;
          if (item.variation_id && !variation) return error(400, "woocommerce_rest_invalid_variation_id", "Invalid variation ID.");
          if (product.type === "variable" && !variation) return error(400, "woocommerce_rest_invalid_variation_id", "Variation ID is required for a variable product.");
          const quantity = Number(item.quantity);
          if (!Number.isInteger(quantity) || quantity < 1) return error(400, "woocommerce_rest_invalid_quantity", "Quantity must be a positive whole number.");
          const price = variation?.price ?? product.price;
          const subtotal = typeof item.subtotal === "string" ? item.subtotal : money(cents(price) * quantity);
          const total = typeof item.total === "string" ? item.total : subtotal;
          lineItems.push({ id: nextId++, name: variation ? `${product.name} - ${variation.attributes.map((a) => a.option).join(", ")}` : product.name, product_id: product.id, variation_id: variation?.id ?? 0, quantity, sku: variation?.sku ?? product.sku, price: Number(price), subtotal, subtotal_tax: "0.00", total, total_tax: "0.00", meta_data: variation ? variation.attributes.map((a) => ({ key: a.name.toLowerCase(), value: a.option })) : [] });
        }
        const parentId = Number(body.parent_id ?? 0);
        if (parentId && !orders.has(parentId)) return error(400, "woocommerce_rest_invalid_parent_id", "Invalid parent ID.");
        const billing = (body.billing ?? {}) as Record<string, string>;
        const shipping = (body.shipping ?? {}) as Record<string, string>;
        const id = nextId++;
        const now = new Date().toISOString().slice(0, 19);
        const order: FakeWooOrder = {
          id,
          number: String(id),
          status: String(body.status ?? "pending"),
          currency: String(body.currency ?? "USD"),
          date_created_gmt: now,
          date_paid_gmt: body.set_paid === true ? now : null,
          date_completed_gmt: null,
          total: money(lineItems.reduce((sum, l) => sum + cents(l.total), 0)),
          total_tax: "0.00",
          customer_note: String(body.customer_note ?? ""),
          billing: { first_name: billing.first_name ?? "", last_name: billing.last_name ?? "", email: billing.email ?? "", country: billing.country ?? "", phone: billing.phone ?? "" },
          shipping: { first_name: shipping.first_name ?? "", last_name: shipping.last_name ?? "", country: shipping.country ?? "", phone: shipping.phone ?? "" },
          line_items: lineItems,
          refunds: [],
          notes: [],
          parent_id: parentId,
          meta_data: Array.isArray(body.meta_data) ? (body.meta_data as Array<{ key: string; value: unknown }>) : [],
        };
        orders.set(id, order);
        reduceStockIfDue(order);
        return send(201, { ...orderView(order), parent_id: order.parent_id, meta_data: order.meta_data });
      }
      if (parts[0] === "orders" && parts.length === 2 && (method === "POST" || method === "PUT") && /^\d+$/.test(parts[1] ?? "")) {
        const order = orders.get(Number(parts[1]));
        if (!order) return error(404, "woocommerce_rest_shop_order_invalid_id", "Invalid ID.");
        if (typeof body.status === "string") order.status = body.status;
        reduceStockIfDue(order);
        return send(200, { ...orderView(order), parent_id: order.parent_id ?? 0, meta_data: order.meta_data ?? [] });
      }
      if (route === "orders" && method === "GET") {
        let list = [...orders.values()].sort((a, b) => b.id - a.id);
        const parent = url.searchParams.get("parent") ?? url.searchParams.get("parent[]");
        if (parent) list = list.filter((o) => String(o.parent_id ?? 0) === parent);
        const search = url.searchParams.get("search");
        if (search) {
          const needle = search.toLowerCase();
          list = list.filter((o) => String(o.id) === search || o.number === search || o.billing.email.toLowerCase().includes(needle) || `${o.billing.first_name} ${o.billing.last_name}`.toLowerCase().includes(needle));
        }
        const include = url.searchParams.get("include");
        if (include) {
          const ids = include.split(",").map(Number);
          list = list.filter((o) => ids.includes(o.id));
        }
        return send(200, paginate(list, url.searchParams, res).map((o) => ({ ...orderView(o), parent_id: o.parent_id ?? 0, meta_data: o.meta_data ?? [] })));
      }
      if (parts[0] === "orders" && parts[1]) {
        const order = orders.get(Number(parts[1]));
        if (!order || !/^\d+$/.test(parts[1])) return error(404, "woocommerce_rest_shop_order_invalid_id", "Invalid ID.");
        if (parts.length === 2 && method === "GET") return send(200, orderView(order));
        if (parts[2] === "refunds" && parts.length === 3 && method === "GET") return send(200, paginate(order.refunds, url.searchParams, res));
        if (parts[2] === "refunds" && parts.length === 3 && method === "POST") {
          const result = createRefund(order, body);
          if ("code" in result) return error(result.status, result.code, result.message);
          return send(201, result);
        }
        if (parts[2] === "notes" && parts.length === 3 && method === "GET") return send(200, order.notes);
        if (parts[2] === "notes" && parts.length === 3 && method === "POST") {
          if (typeof body.note !== "string" || !body.note) return error(400, "rest_missing_callback_param", "Missing parameter(s): note");
          const note = { id: nextId++, note: body.note, customer_note: body.customer_note === true, date_created_gmt: new Date().toISOString().slice(0, 19) };
          order.notes.unshift(note);
          // WooCommerce emails the customer every customer note.
          if (note.customer_note) (order.emails ??= []).push(`To ${order.billing.email}: ${note.note}`);
          return send(201, note);
        }
      }
      if (route === "webhooks" && method === "GET") return send(200, paginate([...webhooks.values()], url.searchParams, res));
      if (route === "webhooks" && method === "POST") {
        const topics = ["order.created", "order.updated", "order.deleted", "order.restored"];
        if (typeof body.topic !== "string" || !topics.includes(body.topic)) return error(400, "rest_invalid_param", "Invalid parameter(s): topic");
        if (typeof body.delivery_url !== "string" || !/^https?:\/\//.test(body.delivery_url)) return error(400, "rest_invalid_param", "Invalid parameter(s): delivery_url");
        const webhook: FakeWooWebhook = { id: nextId++, name: String(body.name ?? ""), topic: body.topic, delivery_url: body.delivery_url, secret: String(body.secret ?? ""), status: String(body.status ?? "active") };
        webhooks.set(webhook.id, webhook);
        return send(201, webhook);
      }
      if (parts[0] === "webhooks" && parts[1] && parts.length === 2 && method === "DELETE") {
        const webhook = webhooks.get(Number(parts[1]));
        if (!webhook) return error(404, "woocommerce_rest_webhook_invalid_id", "Invalid ID.");
        webhooks.delete(webhook.id);
        return send(200, webhook);
      }
      return error(404, "rest_no_route", "No route was found matching the URL and request method.");
    });
  };

  let server: http.Server;
  let ca: Buffer | undefined;
  if (options.https) {
    const { key, cert } = selfSignedCertificate();
    ca = cert;
    server = https.createServer({ key, cert }, handler);
  } else {
    server = http.createServer(handler);
  }
  // Idle sockets are the client's to close (see tests/fakes/openai.ts).
  server.keepAliveTimeout = 65_000;
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as AddressInfo).port;
  const url = `${options.https ? "https" : "http"}://127.0.0.1:${port}`;

  return {
    url,
    host: `127.0.0.1:${port}`,
    consumerKey,
    consumerSecret,
    store,
    calls,
    /** Trusts this fake's self-signed certificate (HTTPS only). */
    httpsAgent: ca ? new https.Agent({ ca, keepAlive: false }) : undefined,
    /** The next `count` API calls answer `status` (429 with `Retry-After` when given). */
    failNext(count: number, status: number, retryAfter?: string) {
      failures = Array.from({ length: count }, () => ({ status, retryAfter }));
    },
    close: () => new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}

/** Connects a fake store to the test's Dokani database the way the plugin does (connect code, then POST /woocommerce/connect's work). */
export async function connectFakeStore(fake: FakeWooCommerce, storeName = "Fake Woo Outfitters") {
  const { db } = await import("../../app/.server/db.server");
  const { createConnectCode } = await import("../../app/.server/woocommerce/create-connect-code.server");
  const { connectWooCommerceStore } = await import("../../app/.server/woocommerce/connect-woocommerce-store.server");
  const { code } = await createConnectCode(db(), { label: storeName });
  const connected = await connectWooCommerceStore(db(), { code, storeUrl: fake.url, storeName, consumerKey: fake.consumerKey, consumerSecret: fake.consumerSecret });
  return { ...connected, domain: fake.host };
}

/** Waits, by the runtime's events and never by the clock, until no job is pending, dispatched or running. */
export async function drainJobs() {
  const { db } = await import("../../app/.server/db.server");
  const { jobEvents } = await import("../../app/.server/jobs/runtime.server");
  for (;;) {
    let onEvent!: () => void;
    const finished = new Promise<void>((resolve) => (onEvent = resolve));
    const events = ["job:completed", "job:failed", "job:retry"];
    for (const event of events) jobEvents.once(event, onEvent);
    const open = await db().jobOutbox.count({ where: { status: { in: ["pending", "dispatched", "running"] }, runAt: { lte: new Date() } } });
    if (!open) {
      for (const event of events) jobEvents.off(event, onEvent);
      return;
    }
    await finished;
    for (const event of events) jobEvents.off(event, onEvent);
  }
}
