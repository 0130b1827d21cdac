import { randomUUID } from "node:crypto";
import { RETURN_REASONS, type Resolution } from "../returns/types";
import type { AssistantSession } from "./assistant-session.server";
import type { Flow } from "./assistant-state.server";
import { REASON_LABELS, RESOLUTION_LABELS, STATUS_WORDS, describeReturnDecision } from "./describe-return-decision";
import { detectIntent, findChoices, findEmail, findOrderNumber, findReason, findResolution } from "./intents";
import { phrase, type Language } from "./phrases";
import type { Source, ToolCallRecord, ToolOutcome } from "./tools";
import { checkReturnEligibilityTool } from "./tools/check-return-eligibility.server";
import { getReturnStatusTool } from "./tools/get-return-status.server";
import { lookupOrderTool } from "./tools/lookup-order.server";
import { searchKnowledgeBaseTool } from "./tools/search-knowledge-base.server";
import { startReturnTool } from "./tools/start-return.server";
import type { TurnResult } from "./turn-result";

/**
 * The assistant without a model (no key, AI switched off for the shop, or the model failing this
 * turn): keyword intents, answers quoted from the knowledge base with their article, and the same
 * tools driven by a guided flow (order number, then email, then status or a return), its progress
 * kept in the assistant's state. It never throws for a shopper's words: anything unclear gets a
 * question back or an offer of a person.
 */

const MAX_QUOTE_CHARS = 700;

function dateOf(iso: string | null | undefined) {
  return iso ? new Date(iso).toLocaleDateString("en-US", { year: "numeric", month: "long", day: "numeric", timeZone: "UTC" }) : "";
}

/** Answers one shopper message without a model. */
export async function answerWithoutModel(session: AssistantSession, text: string, language: Language): Promise<TurnResult> {
  const ctx = session.tools;
  const calls: ToolCallRecord[] = [];
  const sources: Source[] = [];
  let decision: TurnResult["returnDecision"];
  const runTool = async (name: string, args: unknown, run: () => Promise<ToolOutcome>) => {
    const outcome = await run();
    calls.push({ id: `flow_${randomUUID()}`, name, arguments: args, ok: outcome.ok, summary: outcome.summary });
    if (outcome.sources) sources.push(...outcome.sources);
    if (outcome.returnDecision) decision = outcome.returnDecision;
    return outcome;
  };
  const save = (patch: { flow?: Flow | null; offeredHandoff?: boolean }) =>
    session.save((state) => ({
      ...state,
      ...("flow" in patch ? { flow: patch.flow ?? undefined } : {}),
      ...("offeredHandoff" in patch ? { offeredHandoff: patch.offeredHandoff || undefined } : {}),
    }));
  const done = (reply: string, extra: Partial<TurnResult> = {}): TurnResult => ({ text: reply, toolCalls: calls, sources, returnDecision: decision, ...extra });

  const intent = detectIntent(text);
  let flow = session.state.flow;

  if (intent === "handoff" || (session.state.offeredHandoff && intent === "yes")) {
    await save({ flow: null, offeredHandoff: false });
    return done(phrase(language, "handingOff"), { handoff: { reason: "The shopper asked for a person." } });
  }
  if (session.state.offeredHandoff && intent === "no") {
    await save({ offeredHandoff: false });
    return done(phrase(language, "cancelled"));
  }
  if (intent === "cancel" && flow) {
    await save({ flow: null });
    return done(phrase(language, "cancelled"));
  }
  if ((intent === "return" || intent === "order_status") && flow?.intent !== intent) {
    flow = { intent, step: "order_number" };
  }

  if (flow) {
    const reply = await continueFlow(flow);
    return reply;
  }
  if (intent === "thanks") return done(phrase(language, "thanks"));
  if (intent === "greeting") return done(phrase(language, "hello"));

  const found = await runTool("search_knowledge_base", { query: text.slice(0, 300) }, () => searchKnowledgeBaseTool.run(ctx, { query: text.slice(0, 300) }));
  const best = (found.result.articles as Array<{ title: string; text: string; articleId: string }>)[0];
  if (!best) {
    await save({ offeredHandoff: true });
    return done(phrase(language, "notSure"));
  }
  sources.splice(0, sources.length, { articleId: best.articleId, title: best.title });
  const quote = best.text.length > MAX_QUOTE_CHARS ? `${best.text.slice(0, MAX_QUOTE_CHARS).replace(/\s+\S*$/, "")}…` : best.text;
  const hint = /\b(return|refund|exchange)\b/i.test(text) ? `\n\n${phrase(language, "returnHint")}` : "";
  return done(`${phrase(language, "fromArticle", { title: best.title, text: quote })}${hint}`);

  async function continueFlow(current: Flow): Promise<TurnResult> {
    const orderNumber = findOrderNumber(text);
    const email = findEmail(text);
    const verified = ctx.verifiedOrder;
    // A new order number starts the proof again; the one already proved carries on.
    if (orderNumber && (!verified || verified.orderName.replace(/^#/, "").toLowerCase() !== orderNumber.toLowerCase())) {
      current = { intent: current.intent, step: "email", orderNumber };
    } else if (verified && (current.step === "order_number" || current.step === "email")) {
      return afterVerified(current, verified.orderName);
    }
    if (current.step === "order_number") {
      await save({ flow: current });
      return done(phrase(language, "askOrderNumber"));
    }
    if (current.step === "email") {
      if (!email || !current.orderNumber) {
        await save({ flow: current });
        return done(phrase(language, "askEmail", { order: `#${current.orderNumber}` }));
      }
      const lookup = await runTool("lookup_order", { orderNumber: current.orderNumber, email }, () => lookupOrderTool.run(ctx, { orderNumber: current.orderNumber!, email }));
      if (!lookup.ok) {
        if (lookup.result.error === "rate_limited") {
          await save({ flow: null, offeredHandoff: true });
          return done(phrase(language, "tooManyTries"));
        }
        await save({ flow: { intent: current.intent, step: "order_number" } });
        return done(phrase(language, "notFound"));
      }
      return afterVerified(current, (lookup.result.order as { name: string }).name, lookup.result.order as OrderSummary);
    }
    if (current.step === "items") {
      const options = current.options ?? [];
      const chosen = findChoices(text, options.length);
      if (!chosen.length) return done(phrase(language, "didNotUnderstandChoice"));
      const itemIds = chosen.map((n) => options[n - 1]!);
      await save({ flow: { ...current, step: "reason", itemIds } });
      return done(phrase(language, "chooseReason", { items: chosen.length === 1 ? "this item" : "these items", list: RETURN_REASONS.map((r, i) => `${i + 1}. ${REASON_LABELS[r]}`).join("\n") }));
    }
    if (current.step === "reason") {
      const reason = findReason(text);
      if (!reason) return done(phrase(language, "didNotUnderstandChoice"));
      const allowed = current.resolutions?.length ? current.resolutions : (["refund"] as Resolution[]);
      await save({ flow: { ...current, step: "resolution", reason } });
      return done(phrase(language, "chooseResolution", { list: allowed.map((r, i) => `${i + 1}. ${RESOLUTION_LABELS[r]}`).join(", ") }));
    }
    // step "resolution"
    const allowed = current.resolutions?.length ? current.resolutions : (["refund"] as Resolution[]);
    const resolution = findResolution(text, allowed);
    if (!resolution) return done(phrase(language, "didNotUnderstandChoice"));
    const args = { items: (current.itemIds ?? []).map((lineItemId) => ({ lineItemId, quantity: 1, reason: current.reason ?? "other" })), resolution };
    const started = await runTool("start_return", args, () => startReturnTool.run(ctx, args));
    await save({ flow: null });
    if (!started.ok || !started.returnDecision) {
      await save({ offeredHandoff: true });
      return done(`${String(started.result.message ?? "")} ${phrase(language, "notSure")}`.trim());
    }
    return done(describeReturnDecision(started.returnDecision, language));
  }

  async function afterVerified(current: Flow, orderName: string, order?: OrderSummary): Promise<TurnResult> {
    if (current.intent === "order_status") {
      const statuses = await runTool("get_return_status", {}, () => getReturnStatusTool.run(ctx, {}));
      const returns = (statuses.result.returns as Array<{ status: string; items: string[] }> | undefined) ?? [];
      const delivery = order?.deliveredAt ? phrase(language, "delivered", { date: dateOf(order.deliveredAt) }) : order ? phrase(language, "notDelivered") : "";
      const head = order ? phrase(language, "orderStatus", { order: orderName, placed: dateOf(order.placedAt), delivery }) : `${orderName}.`;
      const tail = returns.length ? phrase(language, "returnsOnOrder", { list: returns.map((r) => `${r.items.join(", ")} (${STATUS_WORDS[r.status] ?? r.status})`).join("; ") }) : phrase(language, "noReturnsOnOrder");
      await save({ flow: null });
      return done(`${head.trim()} ${tail}`);
    }
    const eligibility = await runTool("check_return_eligibility", {}, () => checkReturnEligibilityTool.run(ctx, {}));
    if (!eligibility.ok) {
      await save({ flow: null, offeredHandoff: true });
      return done(phrase(language, "notSure"));
    }
    const items = eligibility.result.items as Array<{ lineItemId: string; title: string; variant: string | null; returnable: boolean; notReturnableReason: string | null }>;
    const policy = eligibility.result.policy as { allowedResolutions: Resolution[] };
    const returnable = items.filter((i) => i.returnable);
    const blocked = items.filter((i) => !i.returnable);
    if (!returnable.length) {
      await save({ flow: null, offeredHandoff: true });
      return done(phrase(language, "nothingReturnable", { order: orderName, reasons: blocked.map((i) => i.notReturnableReason ?? i.title).join(" ") }));
    }
    await save({ flow: { intent: "return", step: "items", options: returnable.map((i) => i.lineItemId), resolutions: policy.allowedResolutions } });
    const list = returnable.map((i, n) => `${n + 1}. ${i.title}${i.variant ? ` (${i.variant})` : ""}`).join("\n");
    const also = blocked.length ? `\n${phrase(language, "notReturnableAlso", { list: blocked.map((i) => `${i.title}: ${i.notReturnableReason ?? ""}`).join("; ") })}` : "";
    return done(phrase(language, "chooseItems", { order: orderName, list }) + also);
  }
}

type OrderSummary = { name: string; placedAt: string; deliveredAt: string | null };
