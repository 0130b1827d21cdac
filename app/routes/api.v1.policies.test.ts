import { beforeEach, describe, expect, it } from "vitest";
import { createShop } from "../../tests/support/factories";
import { routeArgs } from "../../tests/support/route-args";
import { clearDatabase, setupTestDatabase } from "../../tests/support/test-database";
import { CreatedPolicySchema, PolicyListSchema, PolicySchema } from "../.server/api/schemas";
import { createApiKey } from "../.server/api-keys/create-api-key";
import { db } from "../.server/db.server";
import { DEFAULT_POLICY_RULES } from "../.server/policies/default-policy";
import { action as activate, loader as getActivate } from "./api.v1.policies.$version.activate";
import { action as create, loader as list } from "./api.v1.policies";

setupTestDatabase();
beforeEach(async () => {
  await clearDatabase();
});

const BASE = "http://127.0.0.1";

async function merchant() {
  const shop = await createShop();
  const { key, id } = await createApiKey(db(), shop.id, { name: "Policy bot" });
  return { shop, key, keyId: id };
}

function rules(patch: Record<string, unknown> = {}) {
  return { ...structuredClone(DEFAULT_POLICY_RULES), ...patch } as Record<string, unknown>;
}

async function read(response: Response) {
  return { status: response.status, body: await response.json() };
}

const createPolicy = async (key: string, body: unknown) =>
  read(
    await create(
      routeArgs(
        new Request(`${BASE}/api/v1/policies`, {
          method: "POST",
          headers: { authorization: `Bearer ${key}`, "content-type": "application/json" },
          body: typeof body === "string" ? body : JSON.stringify(body),
        }),
      ),
    ),
  );

const activateVersion = async (key: string, version: string) =>
  read(await activate(routeArgs(new Request(`${BASE}/api/v1/policies/${version}/activate`, { method: "POST", headers: { authorization: `Bearer ${key}` } }), { version })));

const listPolicies = async (key: string) => read(await list(routeArgs(new Request(`${BASE}/api/v1/policies`, { headers: { authorization: `Bearer ${key}` } }))));

describe("POST /api/v1/policies", () => {
  it("saves the rules as the next draft version", async () => {
    const { shop, key, keyId } = await merchant();
    const first = await createPolicy(key, { rules: rules() });
    expect(first.status).toBe(201);
    expect(CreatedPolicySchema.parse(first.body)).toEqual({ version: 1, status: "draft", rules: DEFAULT_POLICY_RULES, createdAt: expect.any(String) });
    expect(Object.keys(first.body).sort()).toEqual(["createdAt", "rules", "status", "version"]);

    const second = await createPolicy(key, { rules: rules({ returnWindowDays: 45 }), unknownField: true });
    expect(second.body).toMatchObject({ version: 2, status: "draft", rules: { returnWindowDays: 45 } });

    const audit = await db().auditLog.findMany({ where: { shopId: shop.id, entityType: "policy" }, orderBy: { createdAt: "asc" } });
    expect(audit.map((a) => [a.action, a.actorType, a.actorId])).toEqual([
      ["created", "api", keyId],
      ["created", "api", keyId],
    ]);
  });

  it("numbers each shop's versions on their own, and two saves at once get two numbers", async () => {
    const a = await merchant();
    const b = await merchant();
    await createPolicy(a.key, { rules: rules() });
    await createPolicy(a.key, { rules: rules() });
    expect((await createPolicy(b.key, { rules: rules() })).body.version).toBe(1);

    const both = await Promise.all([createPolicy(b.key, { rules: rules() }), createPolicy(b.key, { rules: rules() })]);
    expect(both.map((r) => r.status)).toEqual([201, 201]);
    expect(both.map((r) => r.body.version).sort()).toEqual([2, 3]);
  });

  it("answers 422 invalid_rules naming each bad rule, and writes nothing", async () => {
    const { shop, key } = await merchant();
    const overrides = [{ match: { tag: "holiday" }, returnWindowDays: 400 }];
    const invalid = await createPolicy(key, { rules: rules({ overrides, allowedResolutions: [], storeCreditBonusPercent: "ten" }) });
    expect(invalid.status).toBe(422);
    expect(invalid.body.error).toEqual({
      code: "invalid_rules",
      message: "Some policy rules are missing or invalid.",
      fields: {
        "rules.overrides[0].returnWindowDays": "must be at most 365 days",
        "rules.allowedResolutions": "must allow at least one resolution",
        "rules.storeCreditBonusPercent": "must be a percentage",
      },
    });

    const missing = await createPolicy(key, {});
    expect(missing).toMatchObject({ status: 422, body: { error: { code: "invalid_rules", fields: { rules: "is required" } } } });
    const incomplete = rules();
    delete incomplete.autoApprove;
    expect((await createPolicy(key, { rules: incomplete })).body.error.fields).toHaveProperty(["rules.autoApprove"]);

    const malformed = await createPolicy(key, "{ rules: ");
    expect(malformed).toMatchObject({ status: 400, body: { error: { code: "invalid_json" } } });

    expect(await db().policy.count({ where: { shopId: shop.id } })).toBe(0);
    expect(await db().auditLog.count({ where: { shopId: shop.id } })).toBe(0);
  });
});

describe("activating a policy whose figures differ from the help articles", () => {
  it("lists the published articles that now disagree, with what each says and what the policy says", async () => {
    const { shop, key } = await merchant();
    const article = (title: string, body: string, status: "published" | "draft" = "published") =>
      db().knowledgeArticle.create({ data: { shopId: shop.id, title, body, status, publishedAt: status === "published" ? new Date() : null } });
    const swim = await article("Swimwear returns", "## 14-day window\nSwimwear can be returned within 14 days of delivery, rather than 30.");
    await article("Our return policy", "- **21 days from delivery** for most items.\n- Store credit comes with a 10% bonus.");
    await article("Old draft", "You have 30 days from delivery to return anything.", "draft");
    await article("Shipping", "Drop the parcel at any USPS location within 14 days. Refunds take 5–10 business days.");
    await createPolicy(key, { rules: rules() });
    await createPolicy(key, { rules: rules({ returnWindowDays: 21, storeCreditBonusPercent: 10 }) });

    const first = await activateVersion(key, "1");
    expect(first.body.disagreeingArticles.map((a: { title: string }) => a.title)).toEqual(["Our return policy"]);
    const second = await activateVersion(key, "2");
    expect(second.status).toBe(200);
    expect(second.body).toMatchObject({ version: 2, status: "active" });
    expect(second.body.disagreeingArticles).toEqual([
      {
        articleId: swim.id,
        title: "Swimwear returns",
        disagreements: [{ topic: "return_window", subject: "most items", articleSays: 30, policySays: 21, excerpt: "Swimwear can be returned within 14 days of delivery, rather than 30." }],
      },
    ]);
  });
});

describe("POST /api/v1/policies/{version}/activate and GET /api/v1/policies", () => {
  it("activates a version, archives the previous one, and keeps exactly one active", async () => {
    const { shop, key } = await merchant();
    for (const days of [30, 45, 60]) await createPolicy(key, { rules: rules({ returnWindowDays: days }) });

    const one = await activateVersion(key, "1");
    expect(one.status).toBe(200);
    expect(PolicySchema.parse(one.body)).toMatchObject({ version: 1, status: "active", active: true, archivedAt: null });

    const two = await activateVersion(key, "2");
    expect(two.body).toMatchObject({ version: 2, status: "active", active: true });

    const listed = await listPolicies(key);
    expect(listed.status).toBe(200);
    PolicyListSchema.parse(listed.body);
    expect(listed.body.data.map((p: { version: number; status: string; active: boolean }) => [p.version, p.status, p.active])).toEqual([
      [3, "draft", false],
      [2, "active", true],
      [1, "archived", false],
    ]);
    expect(listed.body.data[2].archivedAt).toEqual(expect.any(String));
    expect(listed.body.data[0].rules.returnWindowDays).toBe(60);
    expect(await db().policy.count({ where: { shopId: shop.id, status: "active" } })).toBe(1);

    const actions = await db().auditLog.findMany({ where: { shopId: shop.id, action: { not: "created" } }, orderBy: { createdAt: "asc" } });
    expect(actions.map((a) => [a.action, (a.data as { version: number }).version])).toEqual(
      expect.arrayContaining([
        ["activated", 1],
        ["archived", 1],
        ["activated", 2],
      ]),
    );
  });

  it("brings an archived version back, and leaves the active one as it is", async () => {
    const { shop, key } = await merchant();
    await createPolicy(key, { rules: rules() });
    await createPolicy(key, { rules: rules() });
    await activateVersion(key, "1");
    await activateVersion(key, "2");

    const back = await activateVersion(key, "1");
    expect(back.body).toMatchObject({ version: 1, status: "active", archivedAt: null });
    const before = await db().policy.findUniqueOrThrow({ where: { shopId_version: { shopId: shop.id, version: 1 } } });
    const audits = await db().auditLog.count({ where: { shopId: shop.id } });

    const again = await activateVersion(key, "1");
    expect(again).toMatchObject({ status: 200, body: { version: 1, status: "active", activatedAt: before.activatedAt!.toISOString() } });
    expect(await db().auditLog.count({ where: { shopId: shop.id } })).toBe(audits);
    expect((await db().policy.findMany({ where: { shopId: shop.id }, orderBy: { version: "asc" } })).map((p) => p.status)).toEqual(["active", "archived"]);
  });

  it("answers 404 for an unknown, malformed or another shop's version", async () => {
    const a = await merchant();
    const b = await merchant();
    await createPolicy(b.key, { rules: rules() });
    await createPolicy(b.key, { rules: rules() });
    await createPolicy(a.key, { rules: rules() });

    const expected = { status: 404, body: { error: { code: "not_found", message: "No such policy version." } } };
    for (const version of ["2", "99", "0", "-1", "1.5", "abc", "99999999999999999999"]) {
      expect(await activateVersion(a.key, version)).toEqual(expected);
    }
    expect(await db().policy.count({ where: { status: "active" } })).toBe(0);
    expect((await listPolicies(a.key)).body.data.map((p: { version: number }) => p.version)).toEqual([1]);
  });

  it("asks for a key and serves activation only by POST", async () => {
    const { key } = await merchant();
    expect((await read(await list(routeArgs(new Request(`${BASE}/api/v1/policies`))))).status).toBe(401);
    const answer = await getActivate(routeArgs(new Request(`${BASE}/api/v1/policies/1/activate`, { headers: { authorization: `Bearer ${key}` } }), { version: "1" }));
    expect(answer.status).toBe(405);
  });
});
