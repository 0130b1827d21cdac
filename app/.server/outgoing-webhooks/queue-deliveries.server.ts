import type { Prisma, Tx } from "../db.server";
import { enqueueJob } from "../jobs/enqueue-job";
import { deliverWebhookJob } from "../automation/jobs";
import type { WebhookPayload } from "./webhook-events";

async function enqueueDelivery(tx: Tx, shopId: string, deliveryId: string, replay = 0) {
  await enqueueJob(tx, deliverWebhookJob, { deliveryId }, { shopId, dedupKey: `webhooks.deliver:${deliveryId}:${replay}` });
}

/** One delivery per enabled endpoint that follows the event's type, each with its job; an event queued twice is queued once. */
export async function queueEventDeliveries(tx: Tx, shopId: string, payload: WebhookPayload): Promise<number> {
  const endpoints = await tx.webhookEndpoint.findMany({ where: { shopId, enabled: true, events: { has: payload.type } }, select: { id: true } });
  if (!endpoints.length) return 0;
  const rows = await tx.endpointDelivery.createManyAndReturn({
    data: endpoints.map((e) => ({ shopId, endpointId: e.id, eventId: payload.id, eventType: payload.type, payload: payload as unknown as Prisma.InputJsonObject })),
    skipDuplicates: true,
    select: { id: true },
  });
  for (const row of rows) await enqueueDelivery(tx, shopId, row.id);
  return rows.length;
}

/** A delivery to one endpoint (a rule's `send_webhook`); false when the endpoint is not this shop's or is switched off. */
export async function queueEndpointDelivery(tx: Tx, shopId: string, endpointId: string, payload: WebhookPayload): Promise<boolean> {
  const endpoint = await tx.webhookEndpoint.findFirst({ where: { id: endpointId, shopId, enabled: true }, select: { id: true } });
  if (!endpoint) return false;
  const rows = await tx.endpointDelivery.createManyAndReturn({
    data: [{ shopId, endpointId, eventId: payload.id, eventType: payload.type, payload: { ...payload, createdAt: payload.createdAt ?? new Date().toISOString() } as unknown as Prisma.InputJsonObject }],
    skipDuplicates: true,
    select: { id: true },
  });
  if (rows[0]) await enqueueDelivery(tx, shopId, rows[0].id);
  return true;
}

/** Sends a delivery again (the delivery log's replay button): its row goes back to pending with a fresh job. */
export async function requeueDelivery(tx: Tx, shopId: string, deliveryId: string, replays: number) {
  await enqueueDelivery(tx, shopId, deliveryId, replays);
}
