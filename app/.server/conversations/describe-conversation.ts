import { detectIntent, findOrderNumber } from "../assistant/intents";
import { findPolicyTopics } from "../assistant/policy-answer";

/** One message as the summary reads it. */
export type SummaryMessage = { role: string; text: string; toolCalls?: unknown; sources?: unknown };

type Call = { name?: string; ok?: boolean; summary?: string };

const EMAIL = /[^\s@]+@[^\s@]+\.[a-z]{2,}/gi;

function needOf(customerTexts: string[]): string | null {
  const texts = customerTexts.map((t) => t.trim()).filter(Boolean);
  const order = texts.map(findOrderNumber).find(Boolean);
  const on = order ? ` (order #${order.replace(/^#/, "")})` : "";
  const intents = texts.map(detectIntent);
  if (intents.includes("return")) return `Wants to return or exchange items${on}.`;
  if (intents.includes("order_status")) return `Wants to know where an order is${on}.`;
  const topics = [...new Set(texts.flatMap(findPolicyTopics))];
  if (topics.length) return `Asked about the return policy (${topics.map((t) => t.replace("_", " ")).join(", ")})${on}.`;
  const question = texts.find((t) => !["greeting", "thanks", "yes", "no", "handoff"].includes(detectIntent(t)) && t.length > 8);
  if (question) return `Asked: “${question.replace(EMAIL, "[email]").slice(0, 200)}”${on}.`;
  if (intents.includes("handoff")) return "Asked for a person from the team.";
  return null;
}

/**
 * A summary written without a model: what the shopper needs (a return, an order's whereabouts, a
 * policy question, their own question) and what was done (orders proved, policy answers, articles,
 * returns summarised or requested and how the policy decided, a hand-off), never an email address.
 */
export function describeConversation(messages: SummaryMessage[], returns: Array<{ orderName: string; status: string }> = []): string {
  const customerTexts = messages.filter((m) => m.role === "customer").map((m) => m.text);
  const calls = messages.flatMap((m) => (Array.isArray(m.toolCalls) ? (m.toolCalls as Call[]) : []));
  const done: string[] = [];
  const verified = [...new Set(calls.filter((c) => c.name === "lookup_order" && c.ok).map((c) => c.summary?.replace(/^verified /, "") ?? ""))].filter(Boolean);
  if (verified.length) done.push(`verified ${verified.join(" and ")}`);
  if (calls.some((c) => c.name === "return_policy")) done.push("answered from the active return policy");
  const articles = [...new Set(messages.flatMap((m) => (Array.isArray(m.sources) ? (m.sources as Array<{ title?: string }>).map((s) => s.title ?? "") : [])).filter(Boolean))];
  if (articles.length) done.push(`cited ${articles.slice(0, 3).map((a) => `“${a}”`).join(", ")}`);
  const confirmations = calls.filter((c) => c.name === "start_return" && c.summary?.startsWith("confirmation asked"));
  for (const r of returns) done.push(`return on ${r.orderName} requested: ${r.status.replace("_", " ")}`);
  if (!returns.length && confirmations.length) done.push(`return summary shown for confirmation (${confirmations.at(-1)!.summary!.replace(/^confirmation asked for a return on /, "")}), not confirmed`);
  const refused = calls.filter((c) => c.name === "start_return" && c.ok === false).map((c) => c.summary ?? "");
  if (refused.length) done.push(`return refused: ${refused.at(-1)!.replace(/^refused: /, "").slice(0, 160)}`);
  const lines = [`Need: ${needOf(customerTexts) ?? "not stated yet."}`, `Done: ${done.length ? done.join("; ") : "nothing yet"}.`];
  return lines.join("\n").replace(EMAIL, "[email]");
}
