import { afterAll, beforeEach, describe, expect, it } from "vitest";
import { proxyRequest } from "../../tests/support/proxy-request";
import { decodeSvg } from "../../tests/support/qr";
import { routeArgs } from "../../tests/support/route-args";
import { clearDatabase, setupTestDatabase } from "../../tests/support/test-database";
import { db } from "../.server/db.server";
import { seedDemoShop } from "../.server/demo/seed-demo-shop";
import { env } from "../.server/env.server";
import { jobRegistry } from "../.server/job-registry.server";
import { startJobRuntime, stopJobRuntime, waitForJob } from "../.server/jobs/runtime.server";
import { resetLookupLimiters } from "../.server/returns/lookup-limiter.server";
import { action as createAction } from "./proxy.returns._index";
import { loader as statusLoader } from "./proxy.returns.$id";
import { loader as codeLoader } from "./proxy.returns.$id.code[.]svg";
import { action as evidenceAction } from "./proxy.returns.$id.evidence";
import { action as lookupAction } from "./proxy.returns.lookup";

/**
 * The shopper's way back to a return and what to do after approval, through the storefront API
 * of a demo store: the next step with its deadline and QR code, the emails' status links, the
 * order lookup listing earlier returns, photos kept on the status page, undelivered lines refused.
 */

setupTestDatabase();

const SHOP = "dokani-demo.myshopify.com";
const DAY = 24 * 3600 * 1000;
const iso = (daysAgo: number) => new Date(Date.now() - daysAgo * DAY).toISOString();
const PNG = Buffer.from("89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082", "hex");
const ADDRESS = "Returns Dept.\n12 Harbour Road\nPortland, OR 97201";

const ORDERS = [
  {
    id: "7001", name: "#1001", email: "alex@example.com", currency: "USD", processedAt: iso(8), deliveredAt: iso(5),
    lineItems: [
      { id: "L1", title: "Linen Shirt", variantTitle: "M", sku: "LS-M", quantity: 2, unitPrice: "49.00", productType: "Shirts", tags: [] },
      { id: "L4", title: "Cotton Socks", quantity: 1, unitPrice: "9.00", productType: "Accessories", tags: [] },
    ],
  },
  // Still on its way: nothing on it can come back yet.
  { id: "7003", name: "#1003", email: "alex@example.com", currency: "USD", processedAt: iso(2), deliveredAt: null, lineItems: [{ id: "N1", title: "Rain Jacket", quantity: 1, unitPrice: "89.00", productType: "Jackets", tags: [] }] },
];

beforeEach(async () => {
  await stopJobRuntime();
  await clearDatabase();
  resetLookupLimiters();
  await seedDemoShop(db(), { domain: SHOP, orders: ORDERS });
  await db().shop.updateMany({
    where: { domain: SHOP },
    data: {
      timezone: "America/New_York",
      settings: {
        returnMethods: {
          sendWithinDays: 10,
          ship: { enabled: true, address: ADDRESS, instructions: "Use the bag the order came in." },
          dropOff: { enabled: true, locations: [{ name: "Harbour Road store", address: "12 Harbour Road, Portland", hours: "Mon–Sat 10–6" }] },
          keepItem: { enabled: true, maxValue: "10.00" },
        },
      },
    },
  });
  await startJobRuntime({ client: db(), registry: jobRegistry, pollMs: 50 });
});
afterAll(async () => {
  await stopJobRuntime();
});

async function call(handler: (args: ReturnType<typeof routeArgs>) => Promise<Response>, request: Request, params: Record<string, string> = {}) {
  const response = await handler(routeArgs(request, params, { remoteAddress: "198.51.100.7" }));
  const text = await response.text();
  return { status: response.status, headers: response.headers, text, body: text.startsWith("{") ? JSON.parse(text) : null };
}
const lookup = (orderNumber = "1001") => call(lookupAction, proxyRequest("POST", "/returns/lookup", { shop: SHOP, body: { orderNumber, email: "alex@example.com" } }));
const submit = (body: unknown) => call(createAction, proxyRequest("POST", "/returns", { shop: SHOP, body }));
const status = (id: string, token: string) => call(statusLoader, proxyRequest("GET", `/returns/${id}`, { shop: SHOP, query: { token } }), { id });
/** Waits for every job, including the ones a finished job wrote (triage writes the shopper's email). */
async function runJobs() {
  const done = new Set<string>();
  for (;;) {
    const due = (await db().jobOutbox.findMany({ where: { runAt: { lte: new Date() } }, orderBy: { createdAt: "asc" }, select: { id: true } })).filter((j) => !done.has(j.id));
    if (!due.length) return;
    for (const job of due) {
      await waitForJob(job.id);
      done.add(job.id);
    }
  }
}
async function requestReturn(items: unknown[], resolution = "refund") {
  const found = await lookup();
  const created = await submit({ lookupToken: found.body.lookupToken, items, resolution });
  expect(created.status).toBe(201);
  return created.body as { return: { id: string; status: string; reference: string; nextStep: Record<string, unknown> | null }; accessToken: string };
}
/** The shop's local date `days` after today, the way a person in New York counts it. */
function newYorkDatePlus(days: number) {
  const today = new Intl.DateTimeFormat("en-CA", { timeZone: "America/New_York" }).format(new Date());
  const [y, m, d] = today.split("-").map(Number) as [number, number, number];
  const date = new Date(Date.UTC(y, m - 1, d + days, 12));
  return { date: date.toISOString().slice(0, 10), words: new Intl.DateTimeFormat("en-US", { timeZone: "UTC", dateStyle: "full" }).format(date) };
}

describe("after approval", () => {
  it("says exactly what to do and by when, on the status page and in the email, with a QR code of the reference", async () => {
    const created = await requestReturn([{ lineItemId: "L1", quantity: 1, reason: "size_too_small" }]);
    const due = newYorkDatePlus(10);
    expect(created.return.status).toBe("approved");
    expect(created.return.reference).toBe(`R-${created.return.id.replace(/-/g, "").slice(0, 8).toUpperCase()}`);
    expect(created.return.nextStep).toMatchObject({ kind: "send_back", deadline: due.date, deadlineText: due.words, timeZone: "America/New_York" });
    expect(created.return.nextStep!.summary).toBe(`Send or drop off your items by ${due.words} (reference ${created.return.reference}).`);

    // The status page says the same, and keeps saying it.
    const seen = await status(created.return.id, created.accessToken);
    expect(seen.body.return.nextStep).toEqual(created.return.nextStep);
    const [ship, dropOff] = seen.body.return.nextStep.options;
    expect(ship).toMatchObject({ method: "ship", address: ADDRESS });
    expect(ship.steps).toContain("Use the bag the order came in.");
    expect(dropOff).toMatchObject({ method: "drop_off", showCode: true, locations: [{ name: "Harbour Road store", address: "12 Harbour Road, Portland", hours: "Mon–Sat 10–6" }] });

    // The code shown at the counter scans as the reference; another token does not open it.
    const code = await call(codeLoader, proxyRequest("GET", `/returns/${created.return.id}/code.svg`, { shop: SHOP, query: { token: created.accessToken } }), { id: created.return.id });
    expect(code.status).toBe(200);
    expect(code.headers.get("content-type")).toBe("image/svg+xml; charset=utf-8");
    expect(decodeSvg(code.text)).toBe(created.return.reference);
    const forged = await call(codeLoader, proxyRequest("GET", `/returns/${created.return.id}/code.svg`, { shop: SHOP, query: { token: "nope" } }), { id: created.return.id });
    expect(forged.status).toBe(404);

    // The approval email carries the step, the deadline, the address and the way back to the return.
    await runJobs();
    const email = await db().emailMessage.findFirstOrThrow({ where: { relatedId: created.return.id, relatedType: "return:approved" } });
    expect(email.text).toContain(`Send or drop off your items by ${due.words}`);
    expect(email.text).toContain(ADDRESS);
    expect(email.text).toContain("Harbour Road store, 12 Harbour Road, Portland (Mon–Sat 10–6)");
    const link = new URL(/See your return at any time: (\S+)/.exec(email.text)![1]!);
    expect(`${link.origin}${link.pathname}`).toBe(`${env().appUrl}/demo`);
    expect(link.hash).toBe("#returns");
    expect(link.searchParams.get("dokani_return")).toBe(created.return.id);
    // Following the link opens the return.
    const followed = await status(created.return.id, link.searchParams.get("dokani_token")!);
    expect(followed.body.return).toMatchObject({ id: created.return.id, status: "approved" });

    // Settings changed later do not move a promise already made.
    await db().shop.updateMany({ where: { domain: SHOP }, data: { settings: { returnMethods: { sendWithinDays: 3, ship: { address: "Elsewhere" } } } } });
    expect((await status(created.return.id, created.accessToken)).body.return.nextStep).toEqual(created.return.nextStep);
  });

  it("lets a return worth less than the store's limit keep the item, without a parcel", async () => {
    const created = await requestReturn([{ lineItemId: "L4", quantity: 1, reason: "changed_mind" }]);
    expect(created.return.nextStep).toMatchObject({ kind: "keep_item", deadline: null, options: [] });
    await runJobs();
    const email = await db().emailMessage.findFirstOrThrow({ where: { relatedId: created.return.id, relatedType: "return:approved" } });
    expect(email.text).toContain("You don't need to send anything back: keep the items.");
    expect(email.text).not.toContain("What to do next");
  });
});

describe("coming back to a return", () => {
  it("lists the order's returns when it is looked up again, and an approved line says by when to send it", async () => {
    const created = await requestReturn([{ lineItemId: "L1", quantity: 2, reason: "size_too_large" }]);
    const due = newYorkDatePlus(10);
    const again = await lookup();
    expect(again.status).toBe(200);
    expect(again.body.returns).toHaveLength(1);
    const listed = again.body.returns[0];
    expect(listed).toMatchObject({ id: created.return.id, reference: created.return.reference, status: "approved", items: [{ lineItemId: "L1", title: "Linen Shirt", quantity: 2 }] });
    expect(listed.stateText).toBe(`Return approved: send it by ${due.words}.`);
    // The listed token opens the return's status page.
    expect((await status(listed.id, listed.accessToken)).status).toBe(200);

    const line = again.body.order.lineItems.find((l: { id: string }) => l.id === "L1");
    expect(line).toMatchObject({ returnable: false, returnableQuantity: 0, returnId: created.return.id });
    expect(line.notReturnableReason).toBe(`Linen Shirt: Return approved: send it by ${due.words}.`);
    expect(line.notReturnableReason).not.toMatch(/already returned/i);
  });

  it("keeps showing the photos already sent, and tells the shopper by email when a person has to decide", async () => {
    const created = await requestReturn([{ lineItemId: "L1", quantity: 1, reason: "damaged", note: "Seam came apart" }]);
    await runJobs();
    expect((await db().returnRequest.findUniqueOrThrow({ where: { id: created.return.id } })).status).toBe("pending_review");
    const inReview = await db().emailMessage.findFirstOrThrow({ where: { relatedId: created.return.id, relatedType: "return:pending_review" } });
    expect(inReview.subject).toBe("We are reviewing your return for #1001");
    expect(inReview.text).toContain("needs a decision from a member of our team");
    expect(inReview.text).toMatch(new RegExp(`See your return at any time: \\S+dokani_return=${created.return.id}`));

    const form = new FormData();
    form.set("file", new File([PNG], "seam.png", { type: "image/png" }));
    const uploaded = await call(evidenceAction, proxyRequest("POST", `/returns/${created.return.id}/evidence`, { shop: SHOP, rawBody: form, query: { token: created.accessToken } }), { id: created.return.id });
    expect(uploaded.status).toBe(201);
    const reopened = await status(created.return.id, created.accessToken);
    expect(reopened.body.return.photos).toEqual([{ id: uploaded.body.evidence.id, url: uploaded.body.evidence.url }]);
  });
});

describe("items that have not arrived", () => {
  it("are not returnable, with the reason and what to do instead, and a request for them is refused", async () => {
    const found = await lookup("1003");
    const [line] = found.body.order.lineItems;
    expect(line).toMatchObject({ id: "N1", returnable: false, returnableQuantity: 0 });
    expect(line.notReturnableReason).toBe("Rain Jacket is still on its way. You can return it once it arrives; to cancel it instead, contact the store.");
    const refused = await submit({ lookupToken: found.body.lookupToken, items: [{ lineItemId: "N1", quantity: 1, reason: "changed_mind" }], resolution: "refund" });
    expect(refused.status).toBe(400);
    expect(refused.body.error).toMatchObject({ code: "invalid_request", message: line.notReturnableReason, fields: { "items[0].lineItemId": "has not been delivered" } });
    expect(await db().returnRequest.count()).toBe(0);
  });
});
