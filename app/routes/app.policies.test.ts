import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createShop } from "../../tests/support/factories";
import { routeArgs } from "../../tests/support/route-args";
import { clearDatabase, setupTestDatabase } from "../../tests/support/test-database";
import { db } from "../.server/db.server";
import { parseEnv, resetEnv } from "../.server/env.server";
import { DEFAULT_POLICY_RULES } from "../.server/policies/default-policy";
import { DEMO_SHOP_DOMAIN } from "../.server/shops/demo-shop";
import { action as versionAction, loader as versionLoader } from "./app.policies.$version";
import { action as listAction, loader as listLoader } from "./app.policies._index";
import type { ActionResult } from "../components/action-result";

setupTestDatabase();
// The demo merchant needs no Shopify login, which lets these run the real loaders and actions.
beforeAll(() => resetEnv(parseEnv({ ...process.env, DOKANI_DEMO: "1" })));
afterAll(() => resetEnv());
beforeEach(async () => {
  await clearDatabase();
});

const BASE = "http://127.0.0.1/app/policies";

async function demoShop() {
  return createShop({ platform: "demo", domain: DEMO_SHOP_DOMAIN });
}

async function policy(shopId: string, version: number, status: "draft" | "active" | "archived", patch: Record<string, unknown> = {}) {
  return db().policy.create({
    data: { shopId, version, status, rules: { ...structuredClone(DEFAULT_POLICY_RULES), ...patch }, activatedAt: status === "active" ? new Date() : null },
  });
}

/** The editor's form for the default rules, with some fields replaced. */
function rulesForm(patch: Record<string, string> = {}): FormData {
  const form = new FormData();
  const r = DEFAULT_POLICY_RULES;
  form.set("intent", "save");
  form.set("returnWindowDays", String(r.returnWindowDays));
  form.set("windowStartsFrom", r.windowStartsFrom);
  r.nonReturnableTags.forEach((t) => form.append("nonReturnableTags", t));
  r.nonReturnableProductTypes.forEach((t) => form.append("nonReturnableProductTypes", t));
  r.overrides.forEach((o, i) => {
    form.set(`overrides[${i}].matchBy`, "productType" in o.match ? "productType" : "tag");
    form.set(`overrides[${i}].value`, "productType" in o.match ? o.match.productType! : o.match.tag!);
    form.set(`overrides[${i}].returnWindowDays`, String(o.returnWindowDays));
  });
  r.allowedResolutions.forEach((v) => form.append("allowedResolutions", v));
  form.set("storeCreditBonusPercent", "10");
  form.set("restockingFeePercent", "0");
  r.evidenceRequiredReasons.forEach((v) => form.append("evidenceRequiredReasons", v));
  form.set("autoApprove.enabled", "on");
  form.set("autoApprove.maxOrderValue", "200.00");
  form.set("autoApprove.maxRiskScore", "0.4");
  form.set("customerLimits.maxReturnsPerPeriod", "5");
  form.set("customerLimits.periodDays", "90");
  form.set("blockedEmails", "");
  // The editor's Exchanges section.
  form.set("exchanges.scope", r.exchanges.scope);
  form.set("exchanges.lowerPriceDifference", r.exchanges.lowerPriceDifference);
  form.set("exchanges.higherPriceDifference", r.exchanges.higherPriceDifference);
  if (r.exchanges.instant.enabled) form.set("exchanges.instant.enabled", "on");
  form.set("exchanges.instant.maxOrderValue", r.exchanges.instant.maxOrderValue);
  form.set("exchanges.instant.maxRiskScore", String(r.exchanges.instant.maxRiskScore));
  for (const [key, value] of Object.entries(patch)) form.set(key, value);
  return form;
}

function intent(name: string, extra: Record<string, string> = {}) {
  const form = new FormData();
  form.set("intent", name);
  for (const [key, value] of Object.entries(extra)) form.set(key, value);
  return form;
}

const load = (version: string, query = "") => versionLoader(routeArgs(new Request(`${BASE}/${version}${query}`), { version }));
/** An action's answer read as before: a success's message under `ok`, a form naming no action as intent "unknown". */
function read(result: Response | ActionResult): Response | { intent: string; ok?: string; error?: string; fields?: Record<string, string> } {
  if (result instanceof Response) return result;
  if (result.ok) return { intent: result.intent, ok: result.message };
  return { intent: result.intent ?? "unknown", error: result.error, ...(result.fields ? { fields: result.fields } : {}) };
}

const act = async (version: string, body: FormData) => read(await versionAction(routeArgs(new Request(`${BASE}/${version}`, { method: "POST", body }), { version })));

/** The status of what a loader or action threw (Remix answers it as that response). */
async function thrownStatus(run: () => Promise<unknown>): Promise<number> {
  try {
    await run();
  } catch (error) {
    if (error instanceof Response) return error.status;
    throw error;
  }
  throw new Error("nothing was thrown");
}

describe("/app/policies", () => {
  it("lists the shop's versions, newest first, with the last backtest's impact, and none of another shop's", async () => {
    const shop = await demoShop();
    const other = await createShop();
    await policy(shop.id, 1, "active");
    const draft = await policy(shop.id, 2, "draft", { returnWindowDays: 14 });
    await policy(other.id, 7, "draft");
    await db().policy.update({
      where: { id: draft.id },
      data: {
        notes: "Stricter summer",
        impact: {
          version: 2, days: 90, from: new Date(0).toISOString(), to: new Date(0).toISOString(), rulesHash: "x", total: 12, skipped: 0,
          matrix: { approved: { approved: 8, denied: 2, review: 0 }, denied: { approved: 0, denied: 1, review: 0 }, review: { approved: 0, denied: 0, review: 1 } },
          refunds: [{ currency: "USD", before: "400.00", after: "310.50", delta: "-89.50" }], flipCount: 2, flips: [],
          undecided: 1, newlyDenied: { count: 2, refunds: [{ currency: "USD", amount: "89.50" }] }, windowChange: { from: 30, to: 14 },
        },
      },
    });
    const data = await listLoader(routeArgs(new Request(BASE)));
    expect(data.versions.map((v) => [v.version, v.status, v.notes])).toEqual([
      [2, "draft", "Stricter summer"],
      [1, "active", null],
    ]);
    expect(data.versions[0]!.impact).toBe("Last 90 days: A 14-day window would have denied 2 of the last 11 returns ($89.50 in refunds). 1 return still waiting for a decision is left out.");
    expect(data.versions[1]!.impact).toBeNull();
  });

  it("starts a new draft as a copy of the active version, audited with the staff member", async () => {
    const shop = await demoShop();
    await policy(shop.id, 1, "archived");
    await policy(shop.id, 2, "active", { returnWindowDays: 45 });
    const response = (await listAction(routeArgs(new Request(BASE, { method: "POST", body: intent("new") })))) as Response;
    expect(response.status).toBe(302);
    expect(response.headers.get("location")).toBe("/app/policies/3");
    const draft = await db().policy.findUniqueOrThrow({ where: { shopId_version: { shopId: shop.id, version: 3 } } });
    expect(draft).toMatchObject({ status: "draft", notes: "Copy of version 2", rules: expect.objectContaining({ returnWindowDays: 45 }) });
    const audit = await db().auditLog.findFirstOrThrow({ where: { entityId: draft.id } });
    expect([audit.action, audit.actorType, audit.actorId]).toEqual(["created", "merchant", "demo"]);

    const refused = await listAction(routeArgs(new Request(BASE, { method: "POST", body: intent("drop-table") })));
    expect("error" in refused ? { error: refused.error } : refused).toEqual({ error: "Choose what to do." });
    expect(await db().policy.count()).toBe(3);
  });
});

describe("/app/policies/:version", () => {
  it("shows a version with its changes against the active one, or a chosen one", async () => {
    const shop = await demoShop();
    await policy(shop.id, 1, "archived", { returnWindowDays: 60 });
    await policy(shop.id, 2, "active");
    await policy(shop.id, 3, "draft", { returnWindowDays: 45, nonReturnableTags: ["final-sale", "clearance"] });
    const data = await load("3");
    expect(data.policy).toMatchObject({ version: 3, status: "draft", rules: expect.objectContaining({ returnWindowDays: 45 }) });
    expect(data.compareVersion).toBe(2);
    expect(data.changes.map((c) => c.text)).toEqual(["Return window: 30 → 45 days", "Added non-returnable tag: clearance"]);
    expect((await load("3", "?compare=1")).changes.map((c) => c.text)).toEqual(["Return window: 60 → 45 days", "Added non-returnable tag: clearance"]);
    // A compare version that does not exist falls back to the active one.
    expect((await load("3", "?compare=abc")).compareVersion).toBe(2);
    expect(data.backtest).toBeNull();
  });

  it("answers 404 for a malformed version number, a missing one and another shop's, alike", async () => {
    const shop = await demoShop();
    const other = await createShop();
    await policy(shop.id, 1, "active");
    await policy(other.id, 2, "draft");
    for (const version of ["abc", "0", "-1", "1.5", "1e3", "99999999999", "2", "3", "%27%20OR%201=1"]) {
      expect(await thrownStatus(() => load(version))).toBe(404);
      expect(await thrownStatus(() => act(version, rulesForm({ returnWindowDays: "10" })))).toBe(404);
      expect(await thrownStatus(() => act(version, intent("activate")))).toBe(404);
    }
    const theirs = await db().policy.findUniqueOrThrow({ where: { shopId_version: { shopId: other.id, version: 2 } } });
    expect(theirs).toMatchObject({ status: "draft", rules: expect.objectContaining({ returnWindowDays: 30 }) });
    expect(await db().auditLog.count()).toBe(0);
  });

  it("saves a draft's rules and notes, audited with the changes", async () => {
    const shop = await demoShop();
    await policy(shop.id, 1, "active");
    const draft = await policy(shop.id, 2, "draft");
    const form = rulesForm({ returnWindowDays: "21", "autoApprove.maxOrderValue": "150", notes: "Tighter window" });
    form.append("nonReturnableTags", "clearance");
    expect(await act("2", form)).toEqual({ intent: "save", ok: "Version 2 saved." });
    const saved = await db().policy.findUniqueOrThrow({ where: { id: draft.id } });
    expect(saved.notes).toBe("Tighter window");
    expect(saved.rules).toMatchObject({ returnWindowDays: 21, nonReturnableTags: ["final-sale", "clearance"], autoApprove: { maxOrderValue: "150.00" } });
    const audit = await db().auditLog.findFirstOrThrow({ where: { entityId: draft.id, action: "updated" } });
    expect(audit).toMatchObject({ actorType: "merchant", actorId: "demo" });
    expect(audit.data).toMatchObject({
      changes: ["Return window: 30 → 21 days", "Added non-returnable tag: clearance", "Auto-approve max order value: $200.00 → $150.00"],
    });
  });

  it("answers an invalid draft with an error on each field and writes nothing", async () => {
    const shop = await demoShop();
    const draft = await policy(shop.id, 1, "draft");
    const form = rulesForm({ returnWindowDays: "-5", "overrides[0].value": "", "autoApprove.maxRiskScore": "2", restockingFeePercent: "<script>", blockedEmails: "nope" });
    form.delete("allowedResolutions");
    const result = await act("1", form);
    expect(result).toMatchObject({
      intent: "save",
      error: expect.stringContaining("Fix the fields"),
      fields: {
        returnWindowDays: "must be 0 or more days",
        "overrides[0].value": "must not be empty",
        "autoApprove.maxRiskScore": "must be between 0 and 1",
        restockingFeePercent: "must be a percentage",
        allowedResolutions: "must allow at least one resolution",
        blockedEmails: '"nope" must be an email address',
      },
    });
    expect((await db().policy.findUniqueOrThrow({ where: { id: draft.id } })).rules).toEqual(DEFAULT_POLICY_RULES);
    expect(await db().auditLog.count()).toBe(0);
  });

  it("refuses to edit an active or archived version", async () => {
    const shop = await demoShop();
    await policy(shop.id, 1, "archived");
    await policy(shop.id, 2, "active");
    for (const version of ["1", "2"]) {
      const result = await act(version, rulesForm({ returnWindowDays: "5" }));
      expect(result).toMatchObject({ intent: "save", error: expect.stringMatching(/can't be changed/) });
    }
    const rows = await db().policy.findMany({ where: { shopId: shop.id } });
    expect(rows.map((r) => (r.rules as { returnWindowDays: number }).returnWindowDays)).toEqual([30, 30]);
    expect(await db().auditLog.count()).toBe(0);
  });

  it("names the help articles a newly active version contradicts, for the page's banner", async () => {
    const shop = await demoShop();
    await policy(shop.id, 1, "active");
    await policy(shop.id, 2, "draft", { returnWindowDays: 21 });
    const article = await db().knowledgeArticle.create({ data: { shopId: shop.id, title: "Our return policy", body: "- **30 days from delivery** for most items.", status: "published", publishedAt: new Date() } });
    const result = await versionAction(routeArgs(new Request(`${BASE}/2`, { method: "POST", body: intent("activate") }), { version: "2" }));
    expect(result).toMatchObject({
      ok: true,
      intent: "activate",
      message: "Version 2 is now the active policy.",
      disagreeingArticles: [{ articleId: article.id, title: "Our return policy", disagreements: [{ subject: "most items", articleSays: 30, policySays: 21 }] }],
    });
  });

  it("activates a version and archives the previous one", async () => {
    const shop = await demoShop();
    await policy(shop.id, 1, "active");
    await policy(shop.id, 2, "draft");
    expect(await act("2", intent("activate"))).toEqual({ intent: "activate", ok: "Version 2 is now the active policy." });
    const rows = await db().policy.findMany({ where: { shopId: shop.id }, orderBy: { version: "asc" } });
    expect(rows.map((r) => [r.version, r.status])).toEqual([
      [1, "archived"],
      [2, "active"],
    ]);
    expect(rows[0]!.archivedAt).toBeInstanceOf(Date);
    const audit = await db().auditLog.findMany({ where: { shopId: shop.id }, orderBy: { createdAt: "asc" } });
    expect(audit.map((a) => [a.action, a.actorType, a.actorId])).toEqual([
      ["archived", "merchant", "demo"],
      ["activated", "merchant", "demo"],
    ]);
  });

  it("archives a draft but not the active version", async () => {
    const shop = await demoShop();
    await policy(shop.id, 1, "active");
    await policy(shop.id, 2, "draft");
    expect(await act("1", intent("archive"))).toEqual({ intent: "archive", error: expect.stringMatching(/active policy and can't be archived\. Activate another version first/) });
    expect(await act("2", intent("archive"))).toEqual({ intent: "archive", ok: "Version 2 is archived." });
    const rows = await db().policy.findMany({ where: { shopId: shop.id }, orderBy: { version: "asc" } });
    expect(rows.map((r) => r.status)).toEqual(["active", "archived"]);
  });

  it("duplicates any version as a new draft", async () => {
    const shop = await demoShop();
    await policy(shop.id, 1, "archived", { returnWindowDays: 60 });
    await policy(shop.id, 2, "active");
    const response = (await act("1", intent("duplicate"))) as Response;
    expect(response.headers.get("location")).toBe("/app/policies/3");
    expect(await db().policy.findUniqueOrThrow({ where: { shopId_version: { shopId: shop.id, version: 3 } } })).toMatchObject({
      status: "draft",
      rules: expect.objectContaining({ returnWindowDays: 60 }),
    });
  });

  it("starts a backtest for a chosen period, refusing other periods and a second one while it runs", async () => {
    const shop = await demoShop();
    const draft = await policy(shop.id, 1, "draft");
    for (const days of ["45", "", "ninety", "-30", "1e9"]) {
      expect(await act("1", intent("backtest", { days }))).toMatchObject({ intent: "backtest", fields: { days: expect.any(String) } });
    }
    expect(await db().policyBacktest.count()).toBe(0);
    expect(await db().jobOutbox.count()).toBe(0);

    expect(await act("1", intent("backtest", { days: "180" }))).toEqual({ intent: "backtest", ok: "Backtest started." });
    expect(await act("1", intent("backtest", { days: "30" }))).toMatchObject({ intent: "backtest", error: expect.stringMatching(/already running/) });
    const rows = await db().policyBacktest.findMany({ where: { policyId: draft.id } });
    expect(rows.map((r) => [r.days, r.status, r.progress])).toEqual([[180, "queued", 0]]);
    expect(await db().jobOutbox.count({ where: { name: "policies.backtest" } })).toBe(1);

    const data = await load("1");
    expect(data.backtest).toMatchObject({ status: "queued", progress: 0, days: 180, result: null });
  });

  it("answers an unknown action without changing anything", async () => {
    const shop = await demoShop();
    await policy(shop.id, 1, "draft");
    expect(await act("1", intent("delete"))).toEqual({ intent: "unknown", error: "Choose what to do with this version." });
    expect(await db().auditLog.count()).toBe(0);
  });
});
