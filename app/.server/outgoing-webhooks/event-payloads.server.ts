import type { DbClient } from "../db.server";
import type { AutomationEvent } from "../automation/automation-event";
import { WEBHOOK_EVENT_TYPES, type WebhookEventType, type WebhookPayload } from "./webhook-events";

/** The body an event sends to endpoints (API.md, "Outgoing webhooks"), or null for an event no endpoint can follow. */
export async function webhookPayloadFor(client: DbClient, event: AutomationEvent): Promise<WebhookPayload | null> {
  if (!(WEBHOOK_EVENT_TYPES as readonly string[]).includes(event.type)) return null;
  const type = event.type as WebhookEventType;
  const base = { id: event.id, type, createdAt: event.occurredAt };
  if (type.startsWith("return.") && event.returnId) {
    const r = await client.returnRequest.findFirst({
      where: { id: event.returnId, shopId: event.shopId },
      include: { items: { select: { lineItemId: true, title: true, quantity: true, reason: true } } },
    });
    if (!r) return null;
    return {
      ...base,
      data: {
        return: {
          id: r.id,
          status: r.status,
          orderId: r.platformOrderId,
          orderName: r.orderName,
          customerEmail: r.customerEmail,
          resolution: r.resolution,
          decision: r.decisionOutcome,
          refundEstimate: r.refundEstimate.toFixed(2),
          currency: r.currency,
          riskScore: r.riskScore ? Number(r.riskScore.toFixed(3)) : null,
          items: r.items.map((i) => ({ lineItemId: i.lineItemId, title: i.title, quantity: i.quantity, reason: i.reason })),
          createdAt: r.createdAt.toISOString(),
          decidedAt: r.decidedAt?.toISOString() ?? null,
          completedAt: r.completedAt?.toISOString() ?? null,
        },
      },
    };
  }
  if (type.startsWith("conversation.") && event.conversationId) {
    const c = await client.conversation.findFirst({ where: { id: event.conversationId, shopId: event.shopId } });
    if (!c) return null;
    return {
      ...base,
      data: {
        conversation: {
          id: c.id,
          channel: c.channel,
          status: c.status,
          customerEmail: c.customerEmail,
          customerName: c.customerName,
          tags: c.tags,
          priority: c.priority,
          assigneeName: c.assigneeName,
          createdAt: c.createdAt.toISOString(),
          handedOffAt: c.handedOffAt?.toISOString() ?? null,
        },
      },
    };
  }
  if (type === "call.ended" && event.callId) {
    const call = await client.callSession.findFirst({ where: { id: event.callId, shopId: event.shopId } });
    if (!call) return null;
    return {
      ...base,
      data: { call: { id: call.id, kind: call.kind, provider: call.provider, conversationId: call.conversationId, customerEmail: call.customerEmail, startedAt: call.startedAt?.toISOString() ?? null, endedAt: call.endedAt?.toISOString() ?? null, durationSeconds: call.durationSeconds, summary: call.summary } },
    };
  }
  return null;
}
