import { randomUUID } from "node:crypto";
import { db } from "../db.server";
import { AppError } from "../errors";
import { findPassages } from "../knowledge/find-passages.server";
import { compareArticleToPolicy } from "../policies/compare-article-to-policy";
import { getActivePolicy } from "../policies/get-active-policy.server";
import { publicPolicySummary, type PolicyRules } from "../policies/policy-rules";
import { RETURN_REASONS, type Resolution, type ReturnReason } from "../returns/types";
import { focusNamedOrder, type AssistantSession } from "./assistant-session.server";
import type { Flow } from "./assistant-state.server";
import { describePendingReturn, describeReturnDecision, reasonLabel, resolutionLabel, statusLabel } from "./describe-return-decision";
import { detectIntent, findChoices, findEmail, findOrderNumber, findReason, findResolution, wantsExchange } from "./intents";
import { describePolicy, findPolicyTopics, offerReturn, type PolicyTopic } from "./policy-answer";
import { phrase, type Language } from "./phrases";
import type { Source, ToolCallRecord, ToolOutcome } from "./tools";
import { checkReturnEligibilityTool } from "./tools/check-return-eligibility.server";
import { getReturnStatusTool } from "./tools/get-return-status.server";
import { listExchangeOptionsTool } from "./tools/list-exchange-options.server";
import { lookupOrderTool } from "./tools/lookup-order.server";
import { startReturnTool } from "./tools/start-return.server";
import type { PendingReturnView } from "./tools/tool";
import { lookupVerifiedOrder } from "./tools/verified-order.server";
import type { TurnResult } from "./turn-result";

/**
 * The assistant without a model (no key, AI switched off for the shop, or the model failing this
 * turn): keyword intents in four languages; questions about the return policy answered from the
 * active policy version, with an article that agrees with it for detail; other questions answered
 * with the passage that matches them best (match-passages.ts); and the same tools driven by a guided
 * flow (order number, email, items, reason, resolution, a summary to confirm, then the policy's
 * decision), its progress kept in the assistant's state. It never throws for a shopper's words:
 * anything unclear gets a question back or an offer of a person.
 */

const MAX_QUOTE_CHARS = 700;

function dateOf(iso: string | null | undefined, language: Language) {
  return iso ? new Date(iso).toLocaleDateString(language === "en" ? "en-US" : language, { year: "numeric", month: "long", day: "numeric", timeZone: "UTC" }) : "";
}

type EligibleItem = { lineItemId: string; title: string; variant: string | null; returnable: boolean; notReturnableReason: string | null };

/** Answers one shopper message without a model. */
export async function answerWithoutModel(session: AssistantSession, text: string, language: Language): Promise<TurnResult> {
  const ctx = session.tools;
  const calls: ToolCallRecord[] = [];
  const sources: Source[] = [];
  let decision: TurnResult["returnDecision"];
  let pendingReturn: PendingReturnView | undefined;
  const runTool = async (name: string, args: unknown, run: () => Promise<ToolOutcome>) => {
    const outcome = await run();
    calls.push({ id: `flow_${randomUUID()}`, name, arguments: args, ok: outcome.ok, summary: outcome.summary });
    if (outcome.sources) sources.push(...outcome.sources);
    if (outcome.returnDecision) decision = outcome.returnDecision;
    if (outcome.pendingReturn) pendingReturn = outcome.pendingReturn;
    return outcome;
  };
  const save = (patch: { flow?: Flow | null; offeredHandoff?: boolean; offeredReturn?: boolean }) =>
    session.save((state) => ({
      ...state,
      ...("flow" in patch ? { flow: patch.flow ?? undefined } : {}),
      ...("offeredHandoff" in patch ? { offeredHandoff: patch.offeredHandoff || undefined } : {}),
      ...("offeredReturn" in patch ? { offeredReturn: patch.offeredReturn || undefined } : {}),
    }));
  const done = (reply: string, extra: Partial<TurnResult> = {}): TurnResult => ({ text: reply, toolCalls: calls, sources, returnDecision: decision, ...(pendingReturn ? { pendingReturn } : {}), ...extra });

  const intent = detectIntent(text);
  const topics = findPolicyTopics(text);
  const orderNumber = findOrderNumber(text);
  const email = findEmail(text);
  const switched = await focusNamedOrder(session, text);
  let flow = session.state.flow;
  const offeredReturn = session.state.offeredReturn;
  if (offeredReturn) await save({ offeredReturn: false });

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
    await ctx.returnConfirmation?.remember(undefined);
    return done(phrase(language, "cancelled"));
  }
  // A question about the policy is answered first, even in the middle of a flow (which carries on after it).
  if (topics.length && !orderNumber && !email && !(flow && flow.step !== "order_number" && flow.step !== "email" && answersStep(flow, text))) {
    return answerPolicy(topics, !flow);
  }
  if (offeredReturn && intent === "yes" && !flow) flow = { intent: "return", step: "order_number" };
  if ((intent === "return" || intent === "order_status") && flow?.intent !== intent) flow = { intent, step: "order_number", ...(intent === "return" && wantsExchange(text) ? { exchange: true } : {}) };
  if (!flow && orderNumber && !switched) flow = { intent: "order_status", step: "order_number" };
  // Naming another proved order starts over on it, with what the shopper asked for now (or was doing).
  if (switched) flow = { intent: intent === "return" || intent === "order_status" ? intent : (flow?.intent ?? "order_status"), step: "order_number" };

  if (flow) return continueFlow(flow);
  if (intent === "thanks") return done(phrase(language, "thanks"));
  if (intent === "greeting") return done(phrase(language, "hello"));
  if (intent === "no" && offeredReturn) return done(phrase(language, "cancelled"));
  return answerFromArticles();

  function answersStep(current: Flow, message: string): boolean {
    if (current.step === "items") return findChoices(message, current.options?.length ?? 0).length > 0;
    if (current.step === "reason") return findReason(message) !== null;
    if (current.step === "resolution") return findResolution(message, current.resolutions?.length ? current.resolutions : ["refund"]) !== null;
    if (current.step === "replacement") return findChoices(message, current.offers?.length ?? 0).length > 0;
    return detectIntent(message) === "yes" || detectIntent(message) === "no";
  }

  async function activeRules(): Promise<PolicyRules | null> {
    try {
      return (await getActivePolicy(db(), ctx.shop.id)).rules;
    } catch (error) {
      if (error instanceof AppError && error.code === "unavailable") return null;
      throw error;
    }
  }

  async function answerPolicy(asked: PolicyTopic[], offer: boolean): Promise<TurnResult> {
    const rules = await activeRules();
    if (!rules) {
      await save({ offeredHandoff: true });
      return done(phrase(language, "noPolicy"));
    }
    calls.push({ id: `flow_${randomUUID()}`, name: "return_policy", arguments: { topics: asked }, ok: true, summary: `answered from the active policy (${asked.join(", ")})` });
    let answer = describePolicy(publicPolicySummary(rules), asked, language);
    // An article adds detail only while it agrees with the policy the engine applies.
    const article = await agreeingArticle(rules);
    if (article) {
      sources.push(article);
      answer += `\n\n${phrase(language, "moreIn", { title: article.title })}`;
    }
    if (offer) {
      await save({ offeredReturn: true });
      answer += `\n\n${offerReturn(language)}`;
    }
    return done(answer);
  }

  async function agreeingArticle(rules: PolicyRules): Promise<Source | null> {
    const hits = await findPassages(db(), ctx.shop.id, text, language, 5);
    const ids = [...new Set(hits.map((h) => h.passage.articleId))];
    if (!ids.length) return null;
    const bodies = await db().knowledgeArticle.findMany({ where: { id: { in: ids }, shopId: ctx.shop.id }, select: { id: true, title: true, body: true } });
    for (const id of ids) {
      const article = bodies.find((b) => b.id === id);
      if (article && !compareArticleToPolicy(article.body, rules).length) return { articleId: article.id, title: article.title };
    }
    return null;
  }

  async function answerFromArticles(): Promise<TurnResult> {
    const hits = await findPassages(db(), ctx.shop.id, text, language, 3);
    calls.push({ id: `flow_${randomUUID()}`, name: "search_knowledge_base", arguments: { query: text.slice(0, 300) }, ok: true, summary: hits.length ? `${hits.length} passages from ${[...new Set(hits.map((h) => h.passage.title))].join(", ")}` : "nothing found" });
    const best = hits[0]?.passage;
    if (!best) {
      await save({ offeredHandoff: true });
      return done(phrase(language, "notSure"));
    }
    sources.push({ articleId: best.articleId, title: best.title });
    const quote = best.text.length > MAX_QUOTE_CHARS ? `${best.text.slice(0, MAX_QUOTE_CHARS).replace(/\s+\S*$/, "")}…` : best.text;
    return done(phrase(language, "fromArticle", { title: best.heading && best.heading !== best.title ? `${best.title}: ${best.heading}` : best.title, text: quote }));
  }

  async function continueFlow(current: Flow): Promise<TurnResult> {
    const verified = ctx.verifiedOrder;
    // A new order number starts the proof again; one already proved carries on with that order.
    if (orderNumber && !switched && (!verified || verified.orderName.replace(/^#/, "").toLowerCase() !== orderNumber.toLowerCase())) {
      current = { intent: current.intent, step: "email", orderNumber, ...(current.exchange ? { exchange: true } : {}) };
    } else if (verified && (current.step === "order_number" || current.step === "email")) {
      return afterVerified(current, verified.orderName, switched ? `${phrase(language, "actingOn", { order: verified.orderName })} ` : "");
    }
    if (current.step === "order_number") {
      await save({ flow: current });
      return done(phrase(language, "askOrderNumber"));
    }
    if (current.step === "email") {
      // By email the proof is the sender's own address: replies only ever go there.
      const proof = ctx.senderEmail ?? email;
      // On WhatsApp the number the shopper writes from may prove the order before any email is asked for.
      if (!proof && ctx.senderPhone && current.orderNumber && !current.phoneTried) {
        const orderNumber = current.orderNumber;
        const byPhone = await runTool("lookup_order", { orderNumber }, () => lookupOrderTool.run(ctx, { orderNumber }));
        if (byPhone.ok) return afterVerified(current, (byPhone.result.order as { name: string }).name);
        if (byPhone.result.error === "rate_limited") {
          await save({ flow: null, offeredHandoff: true });
          return done(phrase(language, "tooManyTries"));
        }
        await save({ flow: { ...current, phoneTried: true } });
        return done(phrase(language, "askEmailPhoneNotOnOrder", { order: `#${orderNumber}` }));
      }
      if (!proof || !current.orderNumber) {
        await save({ flow: current });
        return done(phrase(language, "askEmail", { order: `#${current.orderNumber}` }));
      }
      const lookup = await runTool("lookup_order", { orderNumber: current.orderNumber, email: proof }, () => lookupOrderTool.run(ctx, { orderNumber: current.orderNumber!, email: proof }));
      if (!lookup.ok) {
        if (lookup.result.error === "rate_limited") {
          await save({ flow: null, offeredHandoff: true });
          return done(phrase(language, "tooManyTries"));
        }
        await save({ flow: { intent: current.intent, step: "order_number" } });
        return done(phrase(language, "notFound"));
      }
      return afterVerified(current, (lookup.result.order as { name: string }).name);
    }
    if (current.step === "items") {
      const options = current.options ?? [];
      const chosen = findChoices(text, options.length);
      if (!chosen.length) return done(phrase(language, "didNotUnderstandChoice"));
      const itemIds = chosen.map((n) => options[n - 1]!);
      await save({ flow: { ...current, step: "reason", itemIds } });
      const reasons = RETURN_REASONS.map((r) => reasonLabel(r, language));
      return done(phrase(language, "chooseReason", { items: chosen.length === 1 ? itemWord(language, 1) : itemWord(language, 2), list: reasons.map((r, i) => `${i + 1}. ${r}`).join("\n") }), { quickReplies: reasons });
    }
    if (current.step === "reason") {
      const reason = findReason(text);
      if (!reason) return done(phrase(language, "didNotUnderstandChoice"));
      const allowed = current.resolutions?.length ? current.resolutions : (["refund"] as Resolution[]);
      // Asked for another size or colour: the replacement comes next, not the choice of resolution.
      if (current.exchange && allowed.includes("exchange")) return askReplacement({ ...current, reason, resolution: "exchange" });
      await save({ flow: { ...current, step: "resolution", reason } });
      const labels = allowed.map((r) => resolutionLabel(r, language));
      return done(phrase(language, "chooseResolution", { list: labels.map((r, i) => `${i + 1}. ${r}`).join(", ") }), { quickReplies: labels });
    }
    if (current.step === "resolution") {
      const allowed = current.resolutions?.length ? current.resolutions : (["refund"] as Resolution[]);
      const resolution = findResolution(text, allowed);
      if (!resolution) return done(phrase(language, "didNotUnderstandChoice"));
      if (resolution === "exchange") return askReplacement({ ...current, resolution });
      return summarize({ ...current, resolution });
    }
    if (current.step === "replacement") {
      const offers = current.offers ?? [];
      const [choice] = findChoices(text, offers.length);
      if (!choice || !current.offerFor) return done(phrase(language, "didNotUnderstandChoice"));
      return askReplacement({ ...current, replacements: { ...current.replacements, [current.offerFor]: offers[choice - 1]! }, offers: undefined, offerFor: undefined });
    }
    // step "confirm"
    const answer = detectIntent(text);
    if (answer === "no") {
      await save({ flow: null });
      await ctx.returnConfirmation?.remember(undefined);
      return done(phrase(language, "cancelled"));
    }
    if (answer !== "yes") return done(phrase(language, "confirmYesNo", { order: ctx.verifiedOrder?.orderName ?? "" }), { quickReplies: confirmWords(language) });
    const request = returnArgs(current);
    return afterStart(await runTool("start_return", request, () => startReturnTool.run(ctx, request)));
  }

  /** The guided flow's request: each chosen item once, with its replacement for an exchange. */
  function returnArgs(current: Flow) {
    const resolution: Resolution = current.resolution ?? "refund";
    const reason: ReturnReason = current.reason ?? "other";
    return {
      items: (current.itemIds ?? []).map((lineItemId) => {
        const replacement = resolution === "exchange" ? current.replacements?.[lineItemId] : undefined;
        return { lineItemId, quantity: 1, reason, ...(replacement ? { exchangeFor: replacement } : {}) };
      }),
      resolution,
    };
  }

  /** Prepares the request (the policy's summary and estimate) and asks the shopper to confirm it. */
  async function summarize(current: Flow): Promise<TurnResult> {
    const request = returnArgs(current);
    const asked = await runTool("start_return", request, () => startReturnTool.run(ctx, request));
    if (!asked.ok || !asked.pendingReturn) return afterStart(asked);
    await save({ flow: { ...current, step: "confirm" } });
    const evidence = (await activeRules())?.evidenceRequiredReasons ?? [];
    const photo = current.reason && evidence.includes(current.reason) ? `\n\n${phrase(language, "photoPrompt")}` : "";
    return done(`${describePendingReturn(asked.pendingReturn, language)}${photo}`, { quickReplies: confirmWords(language) });
  }

  /**
   * For an exchange, asks which replacement the shopper wants for the next item without one, from
   * what is in stock now (the portal's own options); when nothing is, offers the other resolutions.
   * Once every item has one, prepares the request.
   */
  async function askReplacement(current: Flow): Promise<TurnResult> {
    const pending = (current.itemIds ?? []).find((id) => !current.replacements?.[id]);
    if (!pending) return summarize(current);
    const listed = await runTool("list_exchange_options", { lineItemId: pending }, () => listExchangeOptionsTool.run(ctx, { lineItemId: pending }));
    if (!listed.ok) return afterStart(listed);
    const item = String(listed.result.item ?? "");
    const inStock = (listed.result.inStock as Array<{ variantId: string; productId?: string; name: string }> | undefined) ?? [];
    if (!inStock.length) {
      const others = (current.resolutions?.length ? current.resolutions : (["refund"] as Resolution[])).filter((r) => r !== "exchange");
      if (!others.length) {
        await save({ flow: null, offeredHandoff: true });
        return done(`${phrase(language, "outOfStock", { item })} ${phrase(language, "notSure")}`);
      }
      await save({ flow: { ...current, step: "resolution", resolution: undefined, resolutions: others, exchange: undefined, offers: undefined, offerFor: undefined } });
      const labels = others.map((r) => resolutionLabel(r, language));
      return done(phrase(language, "noReplacement", { item, list: labels.map((r, i) => `${i + 1}. ${r}`).join(", ") }), { quickReplies: labels });
    }
    await save({ flow: { ...current, step: "replacement", offers: inStock.map((o) => ({ variantId: o.variantId, ...(o.productId ? { productId: o.productId } : {}) })), offerFor: pending } });
    const list = inStock.map((o, i) => `${i + 1}. ${o.name}`).join("\n");
    return done(phrase(language, "chooseReplacement", { item, list }), { quickReplies: inStock.length <= 6 ? inStock.map((_, i) => String(i + 1)) : undefined });
  }

  async function afterStart(started: ToolOutcome): Promise<TurnResult> {
    await save({ flow: null });
    if (!started.ok || !started.returnDecision) {
      await save({ offeredHandoff: true });
      return done(`${String(started.result.message ?? "")} ${phrase(language, "notSure")}`.trim());
    }
    return done(describeReturnDecision(started.returnDecision, language));
  }

  async function afterVerified(current: Flow, orderName: string, lead = ""): Promise<TurnResult> {
    if (current.intent === "order_status") {
      const found = await lookupVerifiedOrder(ctx);
      const order = "found" in found ? found.found.order : null;
      const statuses = await runTool("get_return_status", {}, () => getReturnStatusTool.run(ctx, {}));
      const returns = (statuses.result.returns as Array<{ status: string; items: string[] }> | undefined) ?? [];
      const delivery = order?.deliveredAt ? phrase(language, "delivered", { date: dateOf(order.deliveredAt, language) }) : order ? phrase(language, "notDelivered") : "";
      const head = order ? phrase(language, "orderStatus", { order: orderName, placed: dateOf(order.processedAt, language), delivery }) : `${orderName}.`;
      const tail = returns.length ? phrase(language, "returnsOnOrder", { list: returns.map((r) => `${r.items.join(", ")} (${statusLabel(r.status, language)})`).join("; ") }) : phrase(language, "noReturnsOnOrder");
      await save({ flow: null });
      return done(`${lead}${head.trim()} ${tail}`);
    }
    const eligibility = await runTool("check_return_eligibility", {}, () => checkReturnEligibilityTool.run(ctx, {}));
    if (!eligibility.ok) {
      await save({ flow: null, offeredHandoff: true });
      return done(phrase(language, "notSure"));
    }
    const items = eligibility.result.items as EligibleItem[];
    const policy = eligibility.result.policy as { allowedResolutions: Resolution[] };
    const returnable = items.filter((i) => i.returnable);
    const blocked = items.filter((i) => !i.returnable);
    if (!returnable.length) {
      await save({ flow: null, offeredHandoff: true });
      return done(`${lead}${phrase(language, "nothingReturnable", { order: orderName, reasons: blocked.map((i) => i.notReturnableReason ?? i.title).join(" ") })}`);
    }
    await save({ flow: { intent: "return", step: "items", options: returnable.map((i) => i.lineItemId), resolutions: policy.allowedResolutions, ...(current.exchange ? { exchange: true } : {}) } });
    const labels = returnable.map((i) => `${i.title}${i.variant ? ` (${i.variant})` : ""}`);
    const list = labels.map((label, n) => `${n + 1}. ${label}`).join("\n");
    const also = blocked.length ? `\n${phrase(language, "notReturnableAlso", { list: blocked.map((i) => `${i.title}: ${i.notReturnableReason ?? ""}`).join("; ") })}` : "";
    return done(`${lead}${phrase(language, "chooseItems", { order: orderName, list })}${also}`, { quickReplies: returnable.length > 1 && returnable.length <= 6 ? labels.map((_, n) => String(n + 1)) : undefined });
  }
}

function itemWord(language: Language, count: number): string {
  const words: Record<Language, [string, string]> = { en: ["this item", "these items"], fr: ["cet article", "ces articles"], es: ["este artículo", "estos artículos"], de: ["diesen Artikel", "diese Artikel"] };
  return words[language][count === 1 ? 0 : 1];
}

function confirmWords(language: Language): string[] {
  const words: Record<Language, string[]> = { en: ["Yes", "No"], fr: ["Oui", "Non"], es: ["Sí", "No"], de: ["Ja", "Nein"] };
  return words[language];
}
