import { provedOrders } from "../assistant/assistant-session.server";
import { assistantState } from "../assistant/assistant-state.server";
import { z } from "zod";
import { db } from "../db.server";
import { AppError } from "../errors";
import { parseId } from "../http/route-helpers.server";
import type { ShopContext } from "../shops/shop-context";
import { conversationMetrics, type ConversationMetrics } from "./conversation-metrics";

const toolCallsSchema = z
  .array(z.object({ name: z.string(), arguments: z.unknown().optional(), result: z.unknown().optional(), ok: z.boolean().optional(), summary: z.string().optional() }).loose())
  .catch([]);
const sourcesSchema = z
  .array(z.object({ title: z.string().optional(), ref: z.string().optional(), type: z.string().optional(), url: z.string().optional() }).loose())
  .catch([]);
const metadataSchema = z.object({ kind: z.string().optional() }).loose().catch({});
const emailMetadataSchema = z
  .object({
    email: z
      .object({
        subject: z.string().optional(),
        headers: z.record(z.string(), z.string()).optional(),
        noise: z.string().optional(),
        unanswered: z.string().optional(),
        skippedAttachments: z.array(z.object({ filename: z.string().nullable(), reason: z.string() })).optional(),
      })
      .loose(),
  })
  .loose();

/** What an email message carried, for the transcript: its headers, and why it was not answered (an auto-reply, a bounce, list mail, the reply cap). */
export type EmailDetailsView = { subject: string | null; headers: Record<string, string>; unanswered: string | null; skippedAttachments: Array<{ filename: string | null; reason: string }> };

function emailDetails(metadata: unknown): EmailDetailsView | null {
  const parsed = emailMetadataSchema.safeParse(metadata ?? {});
  if (!parsed.success) return null;
  const { email } = parsed.data;
  return { subject: email.subject ?? null, headers: email.headers ?? {}, unanswered: email.unanswered ?? email.noise ?? null, skippedAttachments: email.skippedAttachments ?? [] };
}

/** A tool call the AI made while writing a message, as the inbox shows it (arguments and result as JSON text). */
export type ToolCallView = { name: string; arguments: string; result: string | null };

/** A message as the merchant's transcript shows it. */
export type TranscriptMessage = {
  id: string;
  role: "customer" | "ai" | "agent" | "system";
  text: string;
  internal: boolean;
  authorName: string | null;
  createdAt: string;
  kind: string | null;
  toolCalls: ToolCallView[];
  sources: Array<{ title: string; ref: string | null }>;
  /** For a message on the email channel: its headers and the like. */
  email: EmailDetailsView | null;
  /** For a message the shop sent through a provider: `queued`, `sent`, `delivered`, `read` or `failed`. */
  deliveryStatus: "queued" | "sent" | "delivered" | "read" | "failed" | null;
  deliveryError: string | null;
};

/** Everything the conversation page shows. */
export type ConversationDetail = {
  conversation: {
    id: string;
    channel: string;
    status: "open" | "pending" | "snoozed" | "closed";
    customerName: string | null;
    customerEmail: string | null;
    customerPhone: string | null;
    subject: string | null;
    summary: string | null;
    /** The orders the shopper proved in the chat, oldest first. */
    verifiedOrders: string[];
    assigneeId: string | null;
    assigneeName: string | null;
    aiActive: boolean;
    snoozedUntil: string | null;
    createdAt: string;
    lastMessageAt: string;
  };
  metrics: ConversationMetrics;
  messages: TranscriptMessage[];
  returns: Array<{ id: string; orderName: string; status: string; createdAt: string }>;
  risk: { score: string; returnCount: number; deniedCount: number; orderCount: number; flags: string[] } | null;
};

// A transcript longer than this shows its latest messages; the page says how many are older.
const MAX_MESSAGES = 500;

const json = (value: unknown) => (value === undefined ? "" : JSON.stringify(value, null, 2));

/** The shop's conversation with its transcript, the customer's returns and risk profile, and its metrics; 404 for anything else. */
export async function getConversation(ctx: ShopContext, conversationId: string): Promise<ConversationDetail & { olderMessages: number }> {
  const shopId = ctx.shop.id;
  const id = parseId(conversationId, "conversation");
  const conversation = await db().conversation.findFirst({ where: { id, shopId } });
  if (!conversation) throw new AppError("not_found", "No such conversation.");
  const [latest, total] = await Promise.all([
    db().message.findMany({ where: { conversationId: id }, orderBy: [{ createdAt: "desc" }, { id: "desc" }], take: MAX_MESSAGES }),
    db().message.count({ where: { conversationId: id } }),
  ]);
  const email = conversation.customerEmail?.toLowerCase() ?? null;
  const [returns, risk] = await Promise.all([
    db().returnRequest.findMany({
      where: { shopId, OR: [{ conversationId: id }, ...(email ? [{ customerEmail: email }] : [])] },
      orderBy: [{ createdAt: "desc" }, { id: "desc" }],
      take: 20,
      select: { id: true, orderName: true, status: true, createdAt: true },
    }),
    email ? db().customerRiskProfile.findUnique({ where: { shopId_email: { shopId, email } } }) : null,
  ]);
  return {
    conversation: {
      id: conversation.id,
      channel: conversation.channel,
      status: conversation.status,
      customerName: conversation.customerName,
      customerEmail: conversation.customerEmail,
      customerPhone: conversation.customerPhone,
      subject: conversation.subject,
      summary: conversation.summary,
      verifiedOrders: provedOrders(assistantState.read(conversation.metadata)).map((o) => o.orderName),
      assigneeId: conversation.assigneeId,
      assigneeName: conversation.assigneeName,
      aiActive: conversation.aiActive,
      snoozedUntil: conversation.snoozedUntil?.toISOString() ?? null,
      createdAt: conversation.createdAt.toISOString(),
      lastMessageAt: conversation.lastMessageAt.toISOString(),
    },
    metrics: conversationMetrics(conversation),
    olderMessages: total - latest.length,
    messages: latest.reverse().map((m) => ({
      id: m.id,
      role: m.role,
      text: m.text,
      internal: m.internal,
      authorName: m.authorName,
      createdAt: m.createdAt.toISOString(),
      kind: metadataSchema.parse(m.metadata ?? {}).kind ?? null,
      email: emailDetails(m.metadata),
      deliveryStatus: m.deliveryStatus,
      deliveryError: m.deliveryError,
      toolCalls: toolCallsSchema.parse(m.toolCalls ?? []).map((call) => ({
        name: call.name,
        arguments: json(call.arguments ?? {}),
        // The chat agent records a one-line summary of each result (`ok`, `summary`), not the result itself.
        result: call.result !== undefined ? json(call.result) : call.summary !== undefined ? `${call.ok === false ? "Failed: " : ""}${call.summary}` : null,
      })),
      sources: sourcesSchema
        .parse(m.sources ?? [])
        .map((s) => ({ title: s.title ?? s.ref ?? "Source", ref: s.ref ?? null })),
    })),
    returns: returns.map((r) => ({ id: r.id, orderName: r.orderName, status: r.status, createdAt: r.createdAt.toISOString() })),
    risk: risk
      ? { score: risk.riskScore.toString(), returnCount: risk.returnCount, deniedCount: risk.deniedCount, orderCount: risk.orderCount, flags: risk.flags }
      : null,
  };
}
