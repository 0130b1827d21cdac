import { randomUUID } from "node:crypto";
import type { ActionFunctionArgs } from "@remix-run/node";
import { beforeEach, describe, expect, it } from "vitest";
import { createShop } from "../../tests/support/factories";
import { routeArgs } from "../../tests/support/route-args";
import { clearDatabase, setupTestDatabase } from "../../tests/support/test-database";
import { createApiKey } from "../.server/api-keys/create-api-key";
import { db } from "../.server/db.server";
import * as contactMerge from "./api.v1.contacts.$id.merge";
import * as conversationMessages from "./api.v1.conversations.$id.messages";
import * as conversationLabels from "./api.v1.conversations.labels";
import * as rule from "./api.v1.rules.$id";
import * as rules from "./api.v1.rules";
import * as savedReply from "./api.v1.saved-replies.$id";
import * as savedReplies from "./api.v1.saved-replies";
import * as replay from "./api.v1.webhook-endpoints.$id.deliveries.$deliveryId.replay";
import * as rotate from "./api.v1.webhook-endpoints.$id.rotate-secret";
import * as endpoint from "./api.v1.webhook-endpoints.$id";
import * as endpoints from "./api.v1.webhook-endpoints";

setupTestDatabase();
beforeEach(async () => {
  await clearDatabase();
});

type Action = (args: ActionFunctionArgs) => Promise<Response>;
const id = randomUUID();
// Every write route of the contacts, channels and automation contract, with a body it would otherwise take.
const WRITES: Array<[string, Action, string, Record<string, string>, unknown]> = [
  ["POST /api/v1/contacts/{id}/merge", contactMerge.action, "POST", { id }, { from: randomUUID() }],
  ["POST /api/v1/conversations/{id}/messages", conversationMessages.action, "POST", { id }, { text: "Hello" }],
  ["POST /api/v1/conversations/labels", conversationLabels.action, "POST", {}, { conversationIds: [id], addTags: ["vip"] }],
  ["POST /api/v1/rules", rules.action, "POST", {}, { name: "Tag damaged" }],
  ["PUT /api/v1/rules/{id}", rule.action, "PUT", { id }, { name: "Tag damaged" }],
  ["DELETE /api/v1/rules/{id}", rule.action, "DELETE", { id }, undefined],
  ["POST /api/v1/saved-replies", savedReplies.action, "POST", {}, { name: "Damaged", body: "Sorry!" }],
  ["PUT /api/v1/saved-replies/{id}", savedReply.action, "PUT", { id }, { name: "Damaged", body: "Sorry!" }],
  ["DELETE /api/v1/saved-replies/{id}", savedReply.action, "DELETE", { id }, undefined],
  ["POST /api/v1/webhook-endpoints", endpoints.action, "POST", {}, { url: "https://hooks.example.com/dokani", events: ["return.created"] }],
  ["PUT /api/v1/webhook-endpoints/{id}", endpoint.action, "PUT", { id }, { enabled: false }],
  ["DELETE /api/v1/webhook-endpoints/{id}", endpoint.action, "DELETE", { id }, undefined],
  ["POST /api/v1/webhook-endpoints/{id}/rotate-secret", rotate.action, "POST", { id }, undefined],
  ["POST /api/v1/webhook-endpoints/{id}/deliveries/{deliveryId}/replay", replay.action, "POST", { id, deliveryId: randomUUID() }, undefined],
];

describe("a read key on the write routes of contacts, channels and automation", () => {
  it.each(WRITES)("%s answers 403 insufficient_scope and writes nothing", async (_name, action, method, params, body) => {
    const shop = await createShop({ domain: "read-only.myshopify.com" });
    const { key } = await createApiKey(db(), shop.id, { name: "Dashboard", scope: "read" });
    const before = await db().auditLog.count();
    const request = new Request("http://localhost/api/v1/x", {
      method,
      headers: { Authorization: `Bearer ${key}`, ...(body === undefined ? {} : { "Content-Type": "application/json" }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const response = await action(routeArgs(request, params));
    expect(response.status).toBe(403);
    expect((await response.json()).error.code).toBe("insufficient_scope");
    expect(await db().auditLog.count()).toBe(before);
    expect(await db().automationRule.count()).toBe(0);
    expect(await db().savedReply.count()).toBe(0);
    expect(await db().webhookEndpoint.count()).toBe(0);
  });
});
