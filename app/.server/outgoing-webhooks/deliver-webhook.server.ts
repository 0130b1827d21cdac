import http from "node:http";
import https from "node:https";
import type { PrismaClient } from "../db.server";
import { env } from "../env.server";
import { runInTransaction } from "../jobs/enqueue-job";
import { notifyMerchant } from "../notifications/notify-merchant.server";
import { decryptSecret } from "../security/secrets.server";
import { WEBHOOK_RETRY_WINDOW_MS } from "../automation/jobs";
import { ForbiddenDestination, guardedLookup, resolvePublic, systemResolver, urlProblem, type NetworkPolicy } from "./network-guard";
import { signatureHeader } from "./sign-webhook";

export const WEBHOOK_SECRET_PURPOSE = "webhook-endpoint";
export const WEBHOOK_TIMEOUT_MS = 10_000;
/** A day of failures in a row switches an endpoint off. */
export const SWITCH_OFF_AFTER_MS = 24 * 60 * 60 * 1000;

const overrides: Partial<NetworkPolicy> = {};

/** Where deliveries may go: loopback only in the demo (or where a test says so), addresses resolved by the system unless replaced. */
export function webhookNetworkPolicy(): NetworkPolicy {
  return { allowLoopback: overrides.allowLoopback ?? env().mode === "demo", resolver: overrides.resolver ?? systemResolver };
}

/** Replaces parts of the network policy (tests and the bench: a local receiver, a fake DNS). Returns the undo. */
export function setWebhookNetworkPolicy(policy: Partial<NetworkPolicy>): () => void {
  const before = { ...overrides };
  Object.assign(overrides, policy);
  return () => {
    for (const key of Object.keys(overrides) as Array<keyof NetworkPolicy>) delete overrides[key];
    Object.assign(overrides, before);
  };
}

const agents = { http: new http.Agent({ keepAlive: true, maxSockets: 64 }), https: new https.Agent({ keepAlive: true, maxSockets: 64 }) };

export type PostResult = { status: number | null; ms: number; error: string | null };

/** One signed POST; never throws. The connection's address is checked by the guarded lookup. */
export function postSigned(url: string, body: string, signature: string, headers: Record<string, string>, policy: NetworkPolicy): Promise<PostResult> {
  const started = performance.now();
  const target = new URL(url);
  const module = target.protocol === "https:" ? https : http;
  return new Promise((resolve) => {
    const done = (status: number | null, error: string | null) => resolve({ status, ms: Math.round(performance.now() - started), error });
    const request = module.request(
      target,
      {
        method: "POST",
        agent: target.protocol === "https:" ? agents.https : agents.http,
        lookup: guardedLookup(policy) as never,
        timeout: WEBHOOK_TIMEOUT_MS,
        headers: { "content-type": "application/json", "content-length": Buffer.byteLength(body), "user-agent": "Dokani-Webhooks/1", "dokani-signature": signature, ...headers },
      },
      (response) => {
        response.on("data", () => {});
        response.on("end", () => done(response.statusCode ?? null, response.statusCode && response.statusCode < 300 ? null : `HTTP ${response.statusCode}`));
        response.on("error", (e) => done(response.statusCode ?? null, e.message));
      },
    );
    request.on("timeout", () => request.destroy(new Error(`no answer within ${WEBHOOK_TIMEOUT_MS / 1000} s`)));
    request.on("error", (e) => done(null, e instanceof ForbiddenDestination || e.name === "ForbiddenDestination" ? `refused: ${e.message}` : e.message));
    request.end(body);
  });
}

export type DeliveryOutcome = "succeeded" | "retry" | "failed" | "skipped";

/**
 * Sends one delivery: refuses a destination that is not HTTPS (loopback in the demo aside) or
 * resolves to a private address, signs the body with the endpoint's secret (and the previous one
 * during a rotation's overlap), records status and response time, and says whether to retry. A
 * failure after the delivery's day of retries fails it; a day of failures in a row switches the
 * endpoint off and emails the merchant.
 */
export async function deliverWebhook(client: PrismaClient, deliveryId: string, options: { now?: Date; policy?: NetworkPolicy } = {}): Promise<DeliveryOutcome> {
  const now = options.now ?? new Date();
  const policy = options.policy ?? webhookNetworkPolicy();
  // One round trip for the delivery and its endpoint: deliveries are many and each is one job.
  const rows = await client.$queryRaw<Array<{ status: string; attempts: number; payload: unknown; eventType: string; retryUntil: Date | null; endpointId: string; url: string; enabled: boolean; secret: string; previousSecret: string | null; previousSecretExpiresAt: Date | null; failingSince: Date | null }>>`
    SELECT d."status", d."attempts", d."payload", d."eventType", d."retryUntil", e."id" AS "endpointId", e."url", e."enabled", e."secret", e."previousSecret", e."previousSecretExpiresAt", e."failingSince"
    FROM "endpoint_deliveries" d JOIN "webhook_endpoints" e ON e."id" = d."endpointId" WHERE d."id" = ${deliveryId}::uuid`;
  const found = rows[0];
  if (!found || found.status === "succeeded") return "skipped";
  const delivery = { id: deliveryId, ...found };
  const endpoint = { id: found.endpointId, url: found.url, enabled: found.enabled, secret: found.secret, previousSecret: found.previousSecret, previousSecretExpiresAt: found.previousSecretExpiresAt, failingSince: found.failingSince };
  if (!endpoint.enabled) {
    await client.endpointDelivery.updateMany({ where: { id: deliveryId }, data: { status: "skipped", error: "The endpoint is switched off." } });
    return "skipped";
  }
  const retryUntil = delivery.retryUntil ?? new Date(now.getTime() + WEBHOOK_RETRY_WINDOW_MS);
  const body = JSON.stringify(delivery.payload);
  const secrets = [decryptSecret(endpoint.secret, WEBHOOK_SECRET_PURPOSE)];
  if (endpoint.previousSecret && endpoint.previousSecretExpiresAt && endpoint.previousSecretExpiresAt > now) secrets.push(decryptSecret(endpoint.previousSecret, WEBHOOK_SECRET_PURPOSE));

  let result: PostResult;
  const problem = urlProblem(endpoint.url, policy);
  if (problem) result = { status: null, ms: 0, error: `refused: the address ${problem}` };
  else {
    try {
      await resolvePublic(new URL(endpoint.url).hostname, policy);
      result = await postSigned(endpoint.url, body, signatureHeader(body, secrets, Math.floor(now.getTime() / 1000)), { "dokani-event": delivery.eventType, "dokani-delivery": delivery.id }, policy);
    } catch (error) {
      result = { status: null, ms: 0, error: error instanceof ForbiddenDestination ? `refused: ${error.message}` : String(error) };
    }
  }
  const ok = result.status !== null && result.status >= 200 && result.status < 300;
  const attempts = delivery.attempts + 1;
  if (ok) {
    await client.endpointDelivery.updateMany({ where: { id: deliveryId }, data: { status: "succeeded", attempts, responseStatus: result.status, responseMs: result.ms, error: null, lastAttemptAt: now, retryUntil } });
    if (endpoint.failingSince) await client.webhookEndpoint.update({ where: { id: endpoint.id }, data: { failingSince: null } });
    return "succeeded";
  }
  const refused = result.error?.startsWith("refused:") ?? false;
  const final = refused || now >= retryUntil;
  await client.endpointDelivery.update({
    where: { id: deliveryId },
    data: { status: final ? "failed" : "pending", attempts, responseStatus: result.status, responseMs: result.status === null ? null : result.ms, error: result.error?.slice(0, 500) ?? null, lastAttemptAt: now, retryUntil },
  });
  await recordEndpointFailure(client, endpoint.id, now);
  return final ? "failed" : "retry";
}

/** Counts a failure against the endpoint: the first of a run starts its clock, a day of them switches it off (and tells the merchant once). */
async function recordEndpointFailure(client: PrismaClient, endpointId: string, now: Date) {
  await runInTransaction(async (tx) => {
    await tx.$queryRaw`SELECT 1 FROM "webhook_endpoints" WHERE "id" = ${endpointId}::uuid FOR UPDATE`;
    const endpoint = await tx.webhookEndpoint.findUnique({ where: { id: endpointId }, include: { shop: true } });
    if (!endpoint || !endpoint.enabled) return;
    if (!endpoint.failingSince) {
      await tx.webhookEndpoint.update({ where: { id: endpointId }, data: { failingSince: now } });
      return;
    }
    if (now.getTime() - endpoint.failingSince.getTime() < SWITCH_OFF_AFTER_MS) return;
    const reason = `Every delivery failed for a day (since ${endpoint.failingSince.toISOString()}).`;
    await tx.webhookEndpoint.update({ where: { id: endpointId }, data: { enabled: false, disabledAt: now, disabledReason: reason } });
    await tx.auditLog.create({ data: { shopId: endpoint.shopId, entityType: "webhook_endpoint", entityId: endpointId, action: "switched_off", actorType: "system", message: reason, data: { actorName: "Dokani", url: endpoint.url } } });
    await notifyMerchant(tx, endpoint.shop, {
      kind: "webhook_disabled",
      subject: "A webhook endpoint was switched off",
      text: `Dokani switched off the webhook endpoint ${endpoint.url}: ${reason} Fix the receiver, then switch the endpoint on again and replay the failed deliveries in Settings → Webhooks.`,
      link: "/app/automation/webhooks",
      relatedId: `${endpointId}:${now.toISOString()}`.slice(0, 100),
    });
  }, client);
}
