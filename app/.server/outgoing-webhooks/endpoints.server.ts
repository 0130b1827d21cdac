import { randomBytes } from "node:crypto";
import { z } from "zod";
import { recordAudit } from "../audit/record-audit";
import { db, type EndpointDelivery, type WebhookEndpoint } from "../db.server";
import { AppError, zodFields } from "../errors";
import { runInTransaction } from "../jobs/enqueue-job";
import { encryptSecret } from "../security/secrets.server";
import type { ShopContext } from "../shops/shop-context";
import { webhookNetworkPolicy, WEBHOOK_SECRET_PURPOSE } from "./deliver-webhook.server";
import { ForbiddenDestination, resolvePublic, urlProblem, type NetworkPolicy } from "./network-guard";
import { requeueDelivery } from "./queue-deliveries.server";
import { WEBHOOK_EVENT_TYPES } from "./webhook-events";

/** How long deliveries are signed with the old secret too after a rotation. */
export const ROTATION_OVERLAP_MS = 24 * 60 * 60 * 1000;
export const MAX_ENDPOINTS = 20;

export const EndpointInputSchema = z.object({
  url: z.string({ error: "must be a web address" }).trim().max(2000, "must be at most 2000 characters"),
  events: z.array(z.enum(WEBHOOK_EVENT_TYPES, { error: `must be one of ${WEBHOOK_EVENT_TYPES.join(", ")}` })).min(1, "choose at least one event").max(WEBHOOK_EVENT_TYPES.length).transform((e) => [...new Set(e)]),
  description: z.string().trim().max(200, "must be at most 200 characters").optional(),
  enabled: z.boolean({ error: "must be true or false" }).optional(),
});
export type EndpointInput = z.input<typeof EndpointInputSchema>;

export type EndpointView = { id: string; url: string; description: string | null; events: string[]; enabled: boolean; disabledAt: string | null; disabledReason: string | null; failingSince: string | null; previousSecretExpiresAt: string | null; createdAt: string };
export type DeliveryView = { id: string; eventId: string; eventType: string; status: string; attempts: number; responseStatus: number | null; responseMs: number | null; error: string | null; lastAttemptAt: string | null; createdAt: string };

export const toEndpointView = (e: WebhookEndpoint): EndpointView => ({
  id: e.id,
  url: e.url,
  description: e.description,
  events: e.events,
  enabled: e.enabled,
  disabledAt: e.disabledAt?.toISOString() ?? null,
  disabledReason: e.disabledReason,
  failingSince: e.failingSince?.toISOString() ?? null,
  previousSecretExpiresAt: e.previousSecretExpiresAt?.toISOString() ?? null,
  createdAt: e.createdAt.toISOString(),
});
export const toDeliveryView = (d: EndpointDelivery): DeliveryView => ({
  id: d.id,
  eventId: d.eventId,
  eventType: d.eventType,
  status: d.status,
  attempts: d.attempts,
  responseStatus: d.responseStatus,
  responseMs: d.responseMs,
  error: d.error,
  lastAttemptAt: d.lastAttemptAt?.toISOString() ?? null,
  createdAt: d.createdAt.toISOString(),
});

/** A new signing secret: `whsec_` and 32 random bytes in base64url. */
export function newWebhookSecret(): string {
  return `whsec_${randomBytes(32).toString("base64url")}`;
}

/** Refuses an address that is not HTTPS (loopback in the demo aside) or whose host resolves to a private address. */
export async function assertDestination(url: string, policy: NetworkPolicy = webhookNetworkPolicy()) {
  const problem = urlProblem(url, policy);
  if (problem) throw new AppError("invalid_request", `The endpoint's address ${problem}.`, { fields: { url: problem } });
  try {
    await resolvePublic(new URL(url).hostname, policy);
  } catch (error) {
    const text = error instanceof ForbiddenDestination ? error.message : "does not resolve";
    throw new AppError("invalid_request", `Dokani does not send webhooks there: ${text}.`, { fields: { url: `must reach a public address (${text})` } });
  }
}

function parse(raw: unknown) {
  const parsed = EndpointInputSchema.safeParse(raw);
  if (!parsed.success) throw new AppError("invalid_request", "Some fields of the endpoint are invalid.", { fields: zodFields(parsed.error) });
  return parsed.data;
}

export async function listEndpoints(ctx: ShopContext) {
  return db().webhookEndpoint.findMany({ where: { shopId: ctx.shop.id }, orderBy: { createdAt: "asc" } });
}

export async function getEndpoint(ctx: ShopContext, id: string) {
  const row = /^[0-9a-f-]{36}$/i.test(id) ? await db().webhookEndpoint.findFirst({ where: { id, shopId: ctx.shop.id } }) : null;
  if (!row) throw new AppError("not_found", "No such webhook endpoint.");
  return row;
}

/** Registers an endpoint; the answer carries its signing secret, the only time it is shown. */
export async function createEndpoint(ctx: ShopContext, raw: unknown, policy?: NetworkPolicy): Promise<{ endpoint: WebhookEndpoint; secret: string }> {
  const input = parse(raw);
  await assertDestination(input.url, policy);
  const secret = newWebhookSecret();
  const endpoint = await runInTransaction(async (tx) => {
    await tx.$queryRaw`SELECT 1 FROM "shops" WHERE "id" = ${ctx.shop.id}::uuid FOR UPDATE`;
    if ((await tx.webhookEndpoint.count({ where: { shopId: ctx.shop.id } })) >= MAX_ENDPOINTS) throw new AppError("conflict", `A shop can register at most ${MAX_ENDPOINTS} endpoints.`);
    const row = await tx.webhookEndpoint.create({ data: { shopId: ctx.shop.id, url: input.url, events: input.events, description: input.description || null, enabled: input.enabled ?? true, secret: encryptSecret(secret, WEBHOOK_SECRET_PURPOSE) } });
    await recordAudit(tx, { shopId: ctx.shop.id, entityType: "webhook_endpoint", entityId: row.id, action: "created", actor: ctx.actor, data: { url: row.url, events: row.events } });
    return row;
  });
  return { endpoint, secret };
}

/** Changes an endpoint's address, events, description or switch; switching it on again clears its failure run. */
export async function updateEndpoint(ctx: ShopContext, id: string, raw: unknown, policy?: NetworkPolicy): Promise<WebhookEndpoint> {
  const current = await getEndpoint(ctx, id);
  const input = parse(raw);
  if (input.url !== current.url) await assertDestination(input.url, policy);
  const enabled = input.enabled ?? current.enabled;
  return runInTransaction(async (tx) => {
    const row = await tx.webhookEndpoint.update({
      where: { id: current.id },
      data: { url: input.url, events: input.events, description: input.description ?? current.description, enabled, ...(enabled && !current.enabled ? { disabledAt: null, disabledReason: null, failingSince: null } : {}) },
    });
    await recordAudit(tx, { shopId: ctx.shop.id, entityType: "webhook_endpoint", entityId: row.id, action: enabled !== current.enabled ? (enabled ? "switched_on" : "switched_off") : "updated", actor: ctx.actor, data: { url: row.url, events: row.events } });
    return row;
  });
}

/** A new secret, shown once; the old one keeps signing too (a second `v1=`) for a day, so receivers can switch over. */
export async function rotateEndpointSecret(ctx: ShopContext, id: string, now = new Date()): Promise<{ endpoint: WebhookEndpoint; secret: string }> {
  const current = await getEndpoint(ctx, id);
  const secret = newWebhookSecret();
  const endpoint = await runInTransaction(async (tx) => {
    const row = await tx.webhookEndpoint.update({ where: { id: current.id }, data: { secret: encryptSecret(secret, WEBHOOK_SECRET_PURPOSE), previousSecret: current.secret, previousSecretExpiresAt: new Date(now.getTime() + ROTATION_OVERLAP_MS) } });
    await recordAudit(tx, { shopId: ctx.shop.id, entityType: "webhook_endpoint", entityId: row.id, action: "secret_rotated", actor: ctx.actor });
    return row;
  });
  return { endpoint, secret };
}

export async function deleteEndpoint(ctx: ShopContext, id: string) {
  const current = await getEndpoint(ctx, id);
  await runInTransaction(async (tx) => {
    await tx.webhookEndpoint.delete({ where: { id: current.id } });
    await recordAudit(tx, { shopId: ctx.shop.id, entityType: "webhook_endpoint", entityId: current.id, action: "deleted", actor: ctx.actor, data: { url: current.url } });
  });
}

/** The endpoint's delivery log, newest first. */
export async function listDeliveries(ctx: ShopContext, endpointId: string, limit = 50) {
  const endpoint = await getEndpoint(ctx, endpointId);
  return db().endpointDelivery.findMany({ where: { endpointId: endpoint.id }, orderBy: { createdAt: "desc" }, take: Math.min(Math.max(limit, 1), 200) });
}

/** Sends a logged delivery again with its original body (and a fresh signature); a switched-off endpoint cannot replay. */
export async function replayDelivery(ctx: ShopContext, endpointId: string, deliveryId: string): Promise<EndpointDelivery> {
  const endpoint = await getEndpoint(ctx, endpointId);
  if (!endpoint.enabled) throw new AppError("invalid_state", "Switch the endpoint on before replaying its deliveries.");
  const delivery = /^[0-9a-f-]{36}$/i.test(deliveryId) ? await db().endpointDelivery.findFirst({ where: { id: deliveryId, endpointId: endpoint.id } }) : null;
  if (!delivery) throw new AppError("not_found", "No such delivery.");
  return runInTransaction(async (tx) => {
    const row = await tx.endpointDelivery.update({ where: { id: delivery.id }, data: { status: "pending", retryUntil: null, replays: { increment: 1 } } });
    await requeueDelivery(tx, ctx.shop.id, row.id, row.replays);
    await recordAudit(tx, { shopId: ctx.shop.id, entityType: "webhook_endpoint", entityId: endpoint.id, action: "delivery_replayed", actor: ctx.actor, data: { deliveryId: row.id, eventId: row.eventId } });
    return row;
  });
}
