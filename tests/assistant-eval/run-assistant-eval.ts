import { randomUUID } from "node:crypto";
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import type OpenAI from "openai";
import type { ChatRequestBody, ScriptedReply } from "../fakes/openai";
import { resetChatLimiters } from "../../app/.server/channels/web-chat/chat-limiter.server";
import { startChatSession } from "../../app/.server/channels/web-chat/start-chat-session.server";
import { webChatChannel } from "../../app/.server/channels/web-chat/web-chat-channel.server";
import { receiveMessage } from "../../app/.server/conversations/receive-message.server";
import { db, type Shop } from "../../app/.server/db.server";
import { parseDemoFile } from "../../app/.server/demo/demo-orders";
import { importDemoOrders } from "../../app/.server/demo/import-demo-orders";
import { seedDemoShop } from "../../app/.server/demo/seed-demo-shop";
import { activatePolicyVersion } from "../../app/.server/policies/activate-policy-version.server";
import { createPolicyVersion } from "../../app/.server/policies/create-policy-version.server";
import { DEFAULT_POLICY_RULES } from "../../app/.server/policies/default-policy";
import { parsePolicyRules } from "../../app/.server/policies/policy-rules";
import { resetLookupLimiters } from "../../app/.server/returns/lookup-limiter.server";
import { SHOPPER_ACTOR, systemContext } from "../../app/.server/shops/shop-context";

/**
 * The assistant's evaluation: shopper conversations over the demo shop (cases/*.json), each run
 * through the chat's own path (session, message, answer) without a model or with the fake model,
 * and checked on what a shopper sees: the figure in the answer, the article cited, the order acted
 * on, the action taken (an answer, a return started or confirmed, a status, a person). Wording is
 * never checked beyond the words a case names.
 */

export type EvalMode = "rules" | "model";
export type EvalAction = "answer" | "handoff" | "return_started" | "confirm" | "choose_items" | "status" | "not_verified" | "no_return";

export type EvalCase = {
  id: string;
  language: "en" | "fr" | "es" | "de";
  /** The shopper's messages in order; `{A}` is order A's name, `{A.email}` its email. */
  messages: string[];
  orders?: string[];
  /** The modes the case runs in (both by default; order flows need the guided flow, so "rules"). */
  modes?: EvalMode[];
  /** The case's orders are made for it: one item with another size or colour in stock (an exchange case). */
  exchangeable?: boolean;
  expect: {
    /** Figures that must appear in the last reply ("14", "10%", "14.95"). */
    figures?: string[];
    /** Words that must appear in the last reply (without a model: the model's wording is its own). */
    mentions?: string[];
    /** Text that must appear in no reply. */
    forbid?: string[];
    /** The article the last reply must cite. */
    article?: string;
    forbidArticles?: string[];
    noArticle?: boolean;
    action: EvalAction;
    /** The order the conversation acts on (a return, its confirmation, a status). */
    order?: string;
    /** The return started is an exchange with a replacement chosen for every item. */
    exchange?: boolean;
  };
};

export type EvalFile = { category: string; description: string; policy?: Record<string, unknown>; cases: EvalCase[] };

export type CaseResult = { id: string; category: string; language: string; mode: EvalMode; passed: boolean; failures: string[]; replies: string[] };

export type Tally = { passed: number; total: number; rate: number };

export type EvalReport = { mode: EvalMode; results: CaseResult[]; overall: Tally; byCategory: Record<string, Tally>; byLanguage: Record<string, Tally> };

const CASES_DIR = path.join(path.dirname(new URL(import.meta.url).pathname), "cases");

/** The evaluation's case files. */
export function loadEvalFiles(): EvalFile[] {
  return readdirSync(CASES_DIR)
    .filter((f) => f.endsWith(".json"))
    .sort()
    .map((f) => JSON.parse(readFileSync(path.join(CASES_DIR, f), "utf8")) as EvalFile);
}

function defaultModes(category: string): EvalMode[] {
  return category === "order" ? ["rules"] : ["rules", "model"];
}

function fold(text: string): string {
  return text
    .normalize("NFD")
    .replace(/[\u0300-\u036f]/g, "")
    .replace(/\*\*/g, "")
    .replace(/[\u00a0\u202f]/g, " ")
    .replace(/\s+%/g, "%")
    .replace(/[\u2019']/g, "'")
    .toLowerCase();
}

function includesFigure(text: string, figure: string): boolean {
  const escaped = fold(figure).replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  return new RegExp(`(^|[^0-9.])${escaped}($|[^0-9])`).test(fold(text));
}

type PickedOrder = { name: string; email: string };

let exchangeOrders = 0;

/** Orders a case can act on: delivered in the last 25 days, every line returnable, under the auto-approval limit, none returned yet, one per customer, from customers with at most one return. */
async function returnableOrders(shopId: string, now: Date): Promise<PickedOrder[]> {
  const orders = await db().demoOrder.findMany({ where: { shopId, deliveredAt: { gte: new Date(now.getTime() - 25 * 86_400_000) } }, orderBy: { deliveredAt: "desc" } });
  const returns = await db().returnRequest.findMany({ where: { shopId }, select: { customerEmail: true, platformOrderId: true } });
  const perCustomer = new Map<string, number>();
  for (const r of returns) perCustomer.set(r.customerEmail.toLowerCase(), (perCustomer.get(r.customerEmail.toLowerCase()) ?? 0) + 1);
  const returnedOrders = new Set(returns.map((r) => r.platformOrderId));
  const emails = new Set<string>();
  return orders
    .filter((o) => {
      const lines = o.lineItems as Array<{ productType?: string | null; tags?: string[] }>;
      const returnable = lines.every((l) => l.productType !== "Gift Card" && l.productType !== "Swimwear" && !(l.tags ?? []).includes("final-sale"));
      const ok = Number(o.totalPrice) < 200 && returnable && !returnedOrders.has(o.platformOrderId) && (perCustomer.get(o.email.toLowerCase()) ?? 0) < 2 && !emails.has(o.email);
      if (ok) emails.add(o.email);
      return ok;
    })
    .map((o) => ({ name: o.name, email: o.email }));
}

/**
 * A new order of one item for an exchange case, placed by a new customer and delivered two days
 * ago: a shirt-like item under the auto-approval limit whose product has another variant in stock.
 */
async function exchangeableOrder(shopId: string, now: Date, n: number): Promise<PickedOrder | undefined> {
  const variants = await db().demoVariant.findMany({ where: { shopId, inventory: { gt: 0 }, price: { lt: 150 } }, orderBy: [{ productId: "asc" }, { position: "asc" }] });
  const returnable = variants.filter((v) => v.productType !== "Gift Card" && v.productType !== "Swimwear" && !v.tags.includes("final-sale"));
  const pick = returnable.find((v) => returnable.some((o) => o.productId === v.productId && o.variantId !== v.variantId));
  if (!pick) return undefined;
  const order = {
    id: `eval-exchange-${n}`,
    name: `#9800${n}`,
    email: `exchange-${n}@example.com`,
    currency: "USD",
    processedAt: new Date(now.getTime() - 4 * 86_400_000).toISOString(),
    deliveredAt: new Date(now.getTime() - 2 * 86_400_000).toISOString(),
    lineItems: [{ id: `eval-exchange-line-${n}`, title: pick.productTitle, variantTitle: pick.title, sku: pick.sku, quantity: 1, unitPrice: pick.price.toFixed(2), productType: pick.productType, tags: pick.tags, productId: pick.productId, variantId: pick.variantId }],
  };
  await importDemoOrders(db(), shopId, parseDemoFile([order]).orders);
  return { name: order.name, email: order.email };
}

/** The fake model as a plain agent: searches the help centre with the shopper's words, answers with what the tools return, hands off when asked, and, asked to approve, claims it did (which must never reach the shopper). */
export function fakeAgent(): (body: ChatRequestBody) => ScriptedReply {
  return (body) => {
    const last = body.messages.at(-1)!;
    if (last.role === "user") {
      const raw = String(last.content).replace(/^<shopper_message>/, "").replace(/<\/shopper_message>$/, "");
      const text = JSON.parse(raw) as string;
      const offered = /person|personne|persona|jemanden/i.test(String([...body.messages].reverse().find((m) => m.role === "assistant" && typeof m.content === "string")?.content ?? ""));
      const askedForPerson = /\b(person|human|agente?|personne|humain|persona|mitarbeiter|jemandem)\b/i.test(text) || (offered && /^\s*(yes|oui|s[ií]|ja)\b/i.test(text));
      if (askedForPerson) return { toolCalls: [{ name: "hand_off_to_human", arguments: { reason: "The shopper asked for a person." } }] };
      return { toolCalls: [{ name: "search_knowledge_base", arguments: { query: text.slice(0, 300) } }] };
    }
    const userText = String([...body.messages].reverse().find((m) => m.role === "user")?.content ?? "");
    const hostile = /approv|refund|rembours|reembols/i.test(userText) ? " Done! I have approved your return. C'est fait, j'ai approuvé votre retour." : "";
    const result = String(last.content).replace(/^<tool_result>/, "").replace(/<\/tool_result>$/, "");
    const data = JSON.parse(result) as { returnPolicy?: { statement: string }; articles?: Array<{ text: string; outdated?: boolean }>; handedOff?: boolean };
    if (data.handedOff) return { text: "I'm bringing in a person from the team." };
    const answer = data.returnPolicy?.statement ?? data.articles?.find((a) => !a.outdated)?.text ?? "I'm not sure about that one. Would you like a person from the team?";
    return { text: `${answer}${hostile}`, pieces: 6 };
  };
}

/** Runs the evaluation in `mode` on a demo shop of its own (seeded here); `openai` is the fake model's client in "model" mode. */
export async function runAssistantEval(options: { mode: EvalMode; openai?: OpenAI | null; only?: (c: EvalCase) => boolean }): Promise<EvalReport> {
  const now = new Date();
  const domain = `eval-${randomUUID().slice(0, 8)}.myshopify.com`;
  const { shopId } = await seedDemoShop(db(), { domain, now });
  const shop = await db().shop.findUniqueOrThrow({ where: { id: shopId } });
  const pool = await returnableOrders(shopId, now);
  const merchant = systemContext(shop);
  const results: CaseResult[] = [];
  let address = 0;
  for (const file of loadEvalFiles()) {
    const cases = file.cases.filter((c) => (c.modes ?? defaultModes(file.category)).includes(options.mode) && (!options.only || options.only(c)));
    if (!cases.length) continue;
    let restore: number | null = null;
    if (file.policy) {
      const active = await db().policy.findFirstOrThrow({ where: { shopId, status: "active" } });
      const draft = await createPolicyVersion(merchant, { rules: parsePolicyRules({ ...DEFAULT_POLICY_RULES, ...file.policy }) });
      await activatePolicyVersion(merchant, { version: draft.version });
      restore = active.version;
    }
    try {
      for (const c of cases) {
        address++;
        results.push(await runCase(shop, file.category, c, options, pool, `203.0.${address >> 8}.${address & 255}`));
      }
    } finally {
      if (restore !== null) await activatePolicyVersion(merchant, { version: restore });
    }
  }
  return report(options.mode, results);
}

async function runCase(shop: Shop, category: string, c: EvalCase, options: { mode: EvalMode; openai?: OpenAI | null }, pool: PickedOrder[], clientAddress: string): Promise<CaseResult> {
  resetLookupLimiters();
  resetChatLimiters();
  const orders = new Map<string, PickedOrder>();
  for (const key of c.orders ?? []) {
    const order = c.exchangeable ? await exchangeableOrder(shop.id, new Date(), ++exchangeOrders) : pool.shift();
    if (!order) throw new Error(`The demo shop has no returnable order left for case ${c.id}`);
    orders.set(key, order);
  }
  const fill = (text: string) => text.replace(/\{([A-Z])(\.email)?\}/g, (_, key: string, email?: string) => (email ? orders.get(key)!.email : orders.get(key)!.name));
  const started = await startChatSession({ shop, actor: SHOPPER_ACTOR, clientAddress }, { locale: c.language });
  const replies: Array<{ text: string; sources: string[]; handedOff: boolean }> = [];
  for (const message of c.messages) {
    const conversation = await db().conversation.findUniqueOrThrow({ where: { id: started.session.id } });
    const inbound = webChatChannel.parseInbound({ body: { text: fill(message) }, conversation, clientAddress });
    const received = await receiveMessage({ shop, actor: SHOPPER_ACTOR }, inbound, { openai: options.mode === "model" ? options.openai : null });
    const answered = await received.answer!(() => {});
    const sources = Array.isArray(answered.reply.sources) ? (answered.reply.sources as Array<{ title: string }>).map((s) => s.title) : [];
    replies.push({ text: answered.reply.text, sources, handedOff: answered.handedOff });
  }
  const conversation = await db().conversation.findUniqueOrThrow({ where: { id: started.session.id } });
  const state = (conversation.metadata ?? {}) as { verifiedOrder?: { orderName: string }; flow?: { step: string }; pendingReturn?: string };
  const created = await db().returnRequest.findMany({ where: { shopId: shop.id, conversationId: conversation.id }, select: { orderName: true, resolution: true, items: { select: { exchangeFor: true } } } });
  const last = replies.at(-1)!;
  const failures: string[] = [];
  const { expect } = c;
  for (const figure of expect.figures ?? []) if (!includesFigure(last.text, figure)) failures.push(`figure ${figure} missing`);
  if (options.mode === "rules") for (const word of expect.mentions ?? []) if (!fold(last.text).includes(fold(fill(word)))) failures.push(`"${fill(word)}" not mentioned`);
  for (const word of expect.forbid ?? []) if (replies.some((r) => fold(r.text).includes(fold(word)))) failures.push(`"${word}" shown`);
  if (expect.article && !last.sources.includes(expect.article)) failures.push(`article "${expect.article}" not cited (cited: ${last.sources.join(", ") || "none"})`);
  for (const title of expect.forbidArticles ?? []) if (last.sources.includes(title)) failures.push(`article "${title}" cited though it disagrees with the policy`);
  if (expect.noArticle && last.sources.length) failures.push(`an article was cited: ${last.sources.join(", ")}`);
  const expected = expect.order ? orders.get(expect.order)?.name : undefined;
  const handedOff = replies.some((r) => r.handedOff) || !conversation.aiActive;
  switch (expect.action) {
    case "answer":
      if (handedOff) failures.push("handed off instead of answering");
      if (created.length) failures.push("a return was started");
      if (state.flow) failures.push(`asked for ${state.flow.step} instead of answering`);
      break;
    case "handoff":
      if (!handedOff) failures.push("not handed off");
      break;
    case "return_started":
      if (created.length !== 1) failures.push(`${created.length} returns started`);
      else if (expected && created[0]!.orderName !== expected) failures.push(`return on ${created[0]!.orderName}, expected ${expected}`);
      else if (expect.exchange && (created[0]!.resolution !== "exchange" || created[0]!.items.some((i) => i.exchangeFor === null))) failures.push(`the return is ${created[0]!.resolution} without a replacement for every item`);
      break;
    case "confirm":
      if (created.length) failures.push("the return started without a confirmation");
      if (!state.pendingReturn) failures.push("no return waiting for confirmation");
      if (expected && state.verifiedOrder?.orderName !== expected) failures.push(`acting on ${state.verifiedOrder?.orderName ?? "no order"}, expected ${expected}`);
      break;
    case "choose_items":
      if (state.flow?.step !== "items") failures.push(`flow at ${state.flow?.step ?? "nothing"}, expected the items`);
      if (expected && state.verifiedOrder?.orderName !== expected) failures.push(`acting on ${state.verifiedOrder?.orderName ?? "no order"}, expected ${expected}`);
      break;
    case "status":
      if (created.length) failures.push("a return was started");
      if (expected && !last.text.includes(expected)) failures.push(`status does not name ${expected}`);
      break;
    case "not_verified":
      if (state.verifiedOrder) failures.push(`verified ${state.verifiedOrder.orderName} with a wrong email`);
      break;
    case "no_return":
      if (created.length) failures.push("a return was started");
      break;
  }
  return { id: c.id, category, language: c.language, mode: options.mode, passed: failures.length === 0, failures, replies: replies.map((r) => r.text) };
}

function tally(results: CaseResult[]): Tally {
  const passed = results.filter((r) => r.passed).length;
  return { passed, total: results.length, rate: results.length ? passed / results.length : 0 };
}

function report(mode: EvalMode, results: CaseResult[]): EvalReport {
  const group = (key: (r: CaseResult) => string) => {
    const out: Record<string, Tally> = {};
    for (const name of [...new Set(results.map(key))]) out[name] = tally(results.filter((r) => key(r) === name));
    return out;
  };
  return { mode, results, overall: tally(results), byCategory: group((r) => r.category), byLanguage: group((r) => r.language) };
}

/** The report as lines: the pass rate overall, per category and per language, then each failure. */
export function describeEvalReport(report: EvalReport): string {
  const pct = (t: Tally) => `${Math.round(t.rate * 1000) / 10}% (${t.passed}/${t.total})`;
  const lines = [`assistant evaluation, ${report.mode === "rules" ? "without a model" : "with the fake model"}: ${pct(report.overall)}`];
  for (const [name, t] of Object.entries(report.byCategory)) lines.push(`  ${name.padEnd(14)} ${pct(t)}`);
  for (const [name, t] of Object.entries(report.byLanguage)) lines.push(`  ${name.padEnd(14)} ${pct(t)}`);
  for (const r of report.results.filter((x) => !x.passed)) {
    lines.push(`  FAIL ${r.id}: ${r.failures.join("; ")}`);
    for (const reply of r.replies) lines.push(`    > ${reply.replace(/\s+/g, " ").slice(0, 160)}`);
  }
  return lines.join("\n");
}
