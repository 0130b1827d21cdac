import { createHash } from "node:crypto";
import type { ChatCompletionFunctionTool } from "openai/resources/chat/completions";
import { z } from "zod";
import { updateChatMetadata, type ChatMetadata, type VerifiedOrder } from "../../chat/chat-metadata.server";
import { db, type Shop } from "../../db.server";
import { AppError } from "../../errors";
import { runInTransaction } from "../../jobs/enqueue-job";
import { searchKnowledge } from "../../knowledge/search-knowledge.server";
import { getPlatform } from "../../platforms/get-platform.server";
import { createReturn } from "../../returns/create-return.server";
import { lookupOrder } from "../../returns/lookup-order.server";
import { HandOffArgs, LookupOrderArgs, NoArgs, SearchKnowledgeArgs, StartReturnArgs } from "./schema";

/**
 * The agent's tools, shared by the model and the no-model flow. Authorization lives here, not in
 * the prompt: an order is looked up only with a number and an email the shopper wrote in this
 * conversation, through the portal's own lookup (same "not found" for a wrong email, same guessing
 * limit); later tools act only on the order so verified; returns go through the portal's
 * `createReturn`, so the policy engine decides and nothing the model says can approve a return.
 */

/** What a tool knows of the conversation it works in. */
export type ToolContext = {
  shop: Shop;
  conversationId: string;
  clientAddress: string;
  /** Everything the shopper wrote in this conversation, oldest first (the current message included). */
  customerTexts: string[];
  /** The conversation's chat metadata; tools update it as they verify an order. */
  metadata: ChatMetadata;
  now?: Date;
};

/** A knowledge-base source of an answer. */
export type Source = { articleId: string; title: string };

/** What a tool did: the result the model reads, a one-line summary for the inbox, and effects for the turn. */
export type ToolOutcome = {
  ok: boolean;
  result: Record<string, unknown>;
  summary: string;
  sources?: Source[];
  handoff?: { reason: string };
  returnDecision?: { returnId: string; orderName: string; status: string; outcome: string; explanation: string; amount: string; currency: string; resolution: string };
};

/** One tool call as the inbox shows it on the AI message (`messages.toolCalls`). */
export type ToolCallRecord = { id: string; name: string; arguments: unknown; ok: boolean; summary: string };

const NOT_VERIFIED: ToolOutcome = {
  ok: false,
  result: { error: "not_verified", message: "First ask the shopper for their order number and the email address on the order, then call lookup_order with both." },
  summary: "refused: no verified order",
};

function escapeRegExp(text: string) {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/** Whether the shopper wrote both the order number and the email in this conversation. */
export function shopperProvided(texts: string[], orderNumber: string, email: string): boolean {
  const all = texts.join("\n").toLowerCase();
  const number = orderNumber.replace(/^#/, "").toLowerCase();
  const numberSeen = new RegExp(`(^|[^a-z0-9])#?${escapeRegExp(number)}($|[^a-z0-9])`).test(all);
  const emailSeen = new RegExp(`(^|[^a-z0-9._%+-])${escapeRegExp(email.toLowerCase())}($|[^a-z0-9.-]|\\.($|\\s))`).test(all);
  return numberSeen && emailSeen;
}

async function rememberVerifiedOrder(ctx: ToolContext, verified: VerifiedOrder | undefined) {
  ctx.metadata = await runInTransaction((tx) => updateChatMetadata(tx, ctx.shop.id, ctx.conversationId, (meta) => ({ ...meta, verifiedOrder: verified })));
}

type Lookup = Awaited<ReturnType<typeof lookupOrder>>;

/** The verified order looked up again (quantities and windows may have changed), or an outcome to hand the model. */
async function lookupVerified(ctx: ToolContext): Promise<Lookup | ToolOutcome> {
  const verified = ctx.metadata.verifiedOrder;
  if (!verified) return NOT_VERIFIED;
  try {
    return await lookupOrder(ctx.shop, { orderNumber: verified.orderName.replace(/^#/, ""), email: verified.email }, ctx.clientAddress, ctx.now);
  } catch (error) {
    if (error instanceof AppError && error.code === "order_not_found") {
      await rememberVerifiedOrder(ctx, undefined);
      return { ok: false, result: { error: "not_found", message: "The order can no longer be found." }, summary: "verified order no longer found" };
    }
    if (error instanceof AppError && error.code === "rate_limited") return { ok: false, result: { error: "rate_limited", message: error.message }, summary: "rate limited" };
    throw error;
  }
}

const isOutcome = (value: Lookup | ToolOutcome): value is ToolOutcome => "summary" in value;

/** `search_knowledge_base`: the best passages of the shop's published articles. */
export async function searchKnowledgeBaseTool(ctx: ToolContext, args: z.infer<typeof SearchKnowledgeArgs>): Promise<ToolOutcome> {
  const hits = await searchKnowledge(db(), ctx.shop.id, args.query, { limit: 4 });
  const sources = [...new Map(hits.map((h) => [h.articleId, { articleId: h.articleId, title: h.title }])).values()];
  return {
    ok: true,
    result: { articles: hits.map((h) => ({ articleId: h.articleId, title: h.title, heading: h.heading, text: h.text })) },
    summary: hits.length ? `${hits.length} passages from ${sources.map((s) => s.title).join(", ")}` : "nothing found",
    sources,
  };
}

/** `lookup_order`: verifies the shopper owns an order (number and email both written in this chat) and remembers it. */
export async function lookupOrderTool(ctx: ToolContext, args: z.infer<typeof LookupOrderArgs>): Promise<ToolOutcome> {
  if (!shopperProvided(ctx.customerTexts, args.orderNumber, args.email)) {
    return {
      ok: false,
      result: { error: "proof_required", message: "Only look up an order with the order number and the email address the shopper wrote in this conversation. Ask the shopper for both." },
      summary: "refused: number and email not both given by the shopper",
    };
  }
  let found: Lookup;
  try {
    found = await lookupOrder(ctx.shop, args, ctx.clientAddress, ctx.now);
  } catch (error) {
    if (error instanceof AppError && error.code === "order_not_found") {
      return { ok: false, result: { error: "not_found", message: "No order matches that number and email. Ask the shopper to check both." }, summary: "not found" };
    }
    if (error instanceof AppError && error.code === "rate_limited") return { ok: false, result: { error: "rate_limited", message: error.message }, summary: "rate limited" };
    throw error;
  }
  await rememberVerifiedOrder(ctx, { orderId: found.order.id, orderName: found.order.name, email: args.email, verifiedAt: new Date().toISOString() });
  const full = await (await getPlatform(ctx.shop)).findOrder(found.order.name, args.email);
  return {
    ok: true,
    result: {
      order: {
        name: found.order.name,
        placedAt: found.order.processedAt,
        deliveredAt: found.order.deliveredAt,
        total: `${found.order.totalPrice} ${found.order.currency}`,
        items: found.order.lineItems.map((l) => ({ title: l.title, variant: l.variantTitle, quantity: l.quantity })),
        // The shopper's or the shop's note on the order: data, never instructions.
        note: full?.note ?? null,
      },
    },
    summary: `verified ${found.order.name}`,
  };
}

/** `get_return_status`: the returns of the verified order, and only those. */
export async function getReturnStatusTool(ctx: ToolContext): Promise<ToolOutcome> {
  const verified = ctx.metadata.verifiedOrder;
  if (!verified) return NOT_VERIFIED;
  const rows = await db().returnRequest.findMany({
    where: { shopId: ctx.shop.id, platformOrderId: verified.orderId, customerEmail: verified.email.toLowerCase() },
    orderBy: { createdAt: "desc" },
    take: 5,
    include: { items: { select: { title: true, quantity: true } } },
  });
  return {
    ok: true,
    result: {
      order: verified.orderName,
      returns: rows.map((r) => ({
        status: r.status,
        resolution: r.resolution,
        requestedAt: r.createdAt.toISOString(),
        items: r.items.map((i) => `${i.quantity} × ${i.title}`),
        explanation: r.decisionExplanation,
        refundEstimate: `${r.refundEstimate.toFixed(2)} ${r.currency}`,
      })),
    },
    summary: `${rows.length} returns on ${verified.orderName}`,
  };
}

/** `check_return_eligibility`: which items of the verified order the policy lets the shopper return, and why not. */
export async function checkReturnEligibilityTool(ctx: ToolContext): Promise<ToolOutcome> {
  const found = await lookupVerified(ctx);
  if (isOutcome(found)) return found;
  const returnable = found.order.lineItems.filter((l) => l.returnable);
  return {
    ok: true,
    result: {
      order: found.order.name,
      items: found.order.lineItems.map((l) => ({
        lineItemId: l.id,
        title: l.title,
        variant: l.variantTitle,
        unitPrice: `${l.unitPrice} ${found.order.currency}`,
        returnable: l.returnable,
        returnableQuantity: l.returnableQuantity,
        notReturnableReason: l.notReturnableReason,
      })),
      policy: found.policy,
    },
    summary: `${returnable.length} of ${found.order.lineItems.length} items returnable on ${found.order.name}`,
  };
}

/** `start_return`: asks for a return of the verified order through the portal's own service; the policy engine decides. */
export async function startReturnTool(ctx: ToolContext, args: StartReturnArgs): Promise<ToolOutcome> {
  const found = await lookupVerified(ctx);
  if (isOutcome(found)) return found;
  // The same request twice in one chat (a retried tool call) makes one return, never two.
  const key = `chat:${ctx.conversationId}:${createHash("sha256").update(JSON.stringify(args)).digest("hex").slice(0, 32)}`;
  let created: Awaited<ReturnType<typeof createReturn>>;
  try {
    created = await createReturn(ctx.shop, { lookupToken: found.lookupToken, items: args.items, resolution: args.resolution, note: args.note }, { idempotencyKey: key, clientAddress: ctx.clientAddress, now: ctx.now });
  } catch (error) {
    if (error instanceof AppError && (error.code === "invalid_request" || error.code === "invalid_token")) {
      return { ok: false, result: { error: "invalid_request", message: error.message, fields: error.fields ?? {} }, summary: `refused: ${error.message}` };
    }
    throw error;
  }
  await db().returnRequest.updateMany({ where: { id: created.view.id, shopId: ctx.shop.id, conversationId: null }, data: { conversationId: ctx.conversationId } });
  const view = created.view;
  return {
    ok: true,
    result: {
      returnId: view.id,
      order: view.orderName,
      status: view.status,
      decision: view.decision,
      refundEstimate: view.refundEstimate,
      note: "This decision was made by the store's return policy and is final for now; tell the shopper exactly this outcome.",
    },
    summary: `return ${view.id} ${view.status}`,
    returnDecision: {
      returnId: view.id,
      orderName: view.orderName,
      status: view.status,
      outcome: view.decision.outcome,
      explanation: view.decision.explanation,
      amount: view.refundEstimate.amount,
      currency: view.refundEstimate.currency,
      resolution: view.resolution,
    },
  };
}

/** `hand_off_to_human`: a person from the team takes over after this reply. */
export async function handOffTool(_ctx: ToolContext, args: z.infer<typeof HandOffArgs>): Promise<ToolOutcome> {
  return { ok: true, result: { handedOff: true, message: "A person from the team will take over after your reply. Tell the shopper so, briefly." }, summary: `hand-off: ${args.reason}`, handoff: { reason: args.reason } };
}

type ToolSpec = { description: string; args: z.ZodType; run: (ctx: ToolContext, args: never) => Promise<ToolOutcome> };

/** Every tool by name: its description for the model, its argument schema and what it does. */
export const TOOLS: Record<string, ToolSpec> = {
  search_knowledge_base: {
    description: "Search the shop's help articles (shipping, returns policy, sizing, products, care). Use it before answering any question about the shop.",
    args: SearchKnowledgeArgs,
    run: searchKnowledgeBaseTool as ToolSpec["run"],
  },
  lookup_order: {
    description: "Verify the shopper's order. Only call it with the order number AND the email address that the shopper wrote in this conversation; never with values from anywhere else.",
    args: LookupOrderArgs,
    run: lookupOrderTool as ToolSpec["run"],
  },
  get_return_status: {
    description: "The returns already requested on the verified order.",
    args: NoArgs,
    run: getReturnStatusTool as ToolSpec["run"],
  },
  check_return_eligibility: {
    description: "Which items of the verified order can be returned under the shop's policy, with their ids, and why others cannot.",
    args: NoArgs,
    run: checkReturnEligibilityTool as ToolSpec["run"],
  },
  start_return: {
    description: "Request a return of items of the verified order once the shopper has chosen the items, the reason and the resolution. The shop's policy decides the outcome; report it exactly.",
    args: StartReturnArgs,
    run: startReturnTool as ToolSpec["run"],
  },
  hand_off_to_human: {
    description: "Bring in a person from the shop's team: when the shopper asks for one, when you are unsure, or when the request is outside what you can do.",
    args: HandOffArgs,
    run: handOffTool as ToolSpec["run"],
  },
};

/** The tools in the chat completions API's format. */
export function toolDefinitions(): ChatCompletionFunctionTool[] {
  // The schemas never change while the process runs: converted to JSON Schema once, not on every model call.
  return (definitions ??= Object.entries(TOOLS).map(([name, spec]) => {
    const { $schema: _schema, ...parameters } = z.toJSONSchema(spec.args, { io: "input" }) as Record<string, unknown>;
    return { type: "function", function: { name, description: spec.description, parameters } };
  }));
}
let definitions: ChatCompletionFunctionTool[] | undefined;

/** Runs one tool call from the model: unknown names and arguments that fail the schema are answered as errors, never run. */
export async function runToolCall(ctx: ToolContext, name: string, rawArguments: string): Promise<{ outcome: ToolOutcome; args: unknown }> {
  const spec = TOOLS[name];
  if (!spec) return { args: rawArguments.slice(0, 500), outcome: { ok: false, result: { error: "unknown_tool", message: `There is no tool named ${name.slice(0, 60)}.` }, summary: "unknown tool" } };
  let json: unknown;
  try {
    json = rawArguments.trim() ? JSON.parse(rawArguments) : {};
  } catch {
    return { args: rawArguments.slice(0, 500), outcome: { ok: false, result: { error: "invalid_arguments", message: "The arguments are not valid JSON." }, summary: "invalid arguments" } };
  }
  const parsed = spec.args.safeParse(json);
  if (!parsed.success) {
    const fields = Object.fromEntries(parsed.error.issues.map((i) => [i.path.join(".") || "arguments", i.message]));
    return { args: json, outcome: { ok: false, result: { error: "invalid_arguments", fields }, summary: "invalid arguments" } };
  }
  return { args: parsed.data, outcome: await spec.run(ctx, parsed.data as never) };
}
