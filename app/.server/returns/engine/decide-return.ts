import { formatCents, formatCentsWithCode, parseCents } from "../../money";
import type { Decision, DecisionInput, DecisionReason, OrderLine, PhotoIssue, ReturnReason } from "../types";
import { assertRequestedItems } from "../validation";
import { compileRules } from "./compile-rules";
import { checkExchange, settleExchange, type ExchangeCheck } from "./decide-exchange";
import { refundFromCents } from "./estimate-refund";
import { scoreRisk } from "./score-risk";
import { DAY_MS, inspectLine, utcDay, windowStartMs } from "./window";
import { REASON_WORDS, RESOLUTION_WORDS, distinct, formatDay, sentenceList, wordsFor } from "./wording";

/*
 * Layer 1: hard rules. Any broken one denies, with one reason per broken rule (one per late item
 * for the window). Layer 2: the risk score and the auto-approval limits; any of them sends the
 * request to a person. Nothing else approves. Pure: same input, same decision, no clock, no I/O.
 * A malformed request (see `assertRequestedItems`) is refused before any rule is looked at.
 */

// Reasons that describe a fault of the item; a worn item returned for anything else looks like wear-and-return.
const FAULT_REASONS: ReadonlySet<ReturnReason> = new Set(["not_as_described", "damaged", "defective", "wrong_item"]);

const WITHIN_POLICY: DecisionReason = { code: "within_policy", message: "Every item is eligible and inside its return window." };
const APPROVED_EXPLANATION = "Your return is approved: every item is eligible and inside its return window.";

function findLine(lines: readonly OrderLine[], id: string): OrderLine | undefined {
  for (let i = 0; i < lines.length; i++) if (lines[i]!.id === id) return lines[i];
  return undefined;
}

function countIssues(issues: DecisionInput["photoIssues"], kind: PhotoIssue): number {
  let n = 0;
  if (issues) for (let i = 0; i < issues.length; i++) if (issues[i] === kind) n++;
  return n;
}

/** Decides a return request under the shop's policy: denied, pending_review or approved, with reasons, risk and refund. */
export function decideReturn(input: DecisionInput): Decision {
  const rules = compileRules(input.rules);
  const { order, items, history } = input;
  const nowMs = input.now.getTime();
  const startDay = utcDay(windowStartMs(rules, order));
  const elapsedDays = utcDay(nowMs) - startDay;
  const daysUsed = elapsedDays > 0 ? elapsedDays : 0;

  const hard: DecisionReason[] = [];
  const hardPhrases: string[] = [];
  let lateTitles: string[] | null = null;
  let tagTitles: string[] | null = null;
  let tags: string[] | null = null;
  let typeTitles: string[] | null = null;
  let types: string[] | null = null;
  let evidenceReasons: ReturnReason[] | null = null;
  let valueCents = 0;
  let windowUsedPercent = 0;
  let requestsNotAsDescribed = false;
  let wornWithoutFault = false;
  let exchanging = false;
  const itemLines: OrderLine[] = new Array<OrderLine>(items.length);

  assertRequestedItems(order.lineItems, items);
  for (let i = 0; i < items.length; i++) {
    const item = items[i]!;
    const line = findLine(order.lineItems, item.lineItemId)!;
    itemLines[i] = line;
    if (item.exchangeFor !== undefined) exchanging = true;
    valueCents += parseCents(line.unitPrice) * item.quantity;
    const facts = inspectLine(rules, line);
    if (facts.blockedTag !== null) {
      (tagTitles ??= []).push(line.title);
      (tags ??= []).push(facts.blockedTag);
    }
    if (facts.blockedType !== null) {
      (typeTitles ??= []).push(line.title);
      (types ??= []).push(facts.blockedType);
    }
    if (elapsedDays > facts.windowDays) {
      const endsAt = (startDay + facts.windowDays + 1) * DAY_MS - 1;
      hard.push({ code: "outside_window", message: `The ${facts.windowDays}-day return window for ${line.title} ended on ${formatDay(endsAt)}.` });
      (lateTitles ??= []).push(line.title);
    }
    // An N-day window with N = 0 is used up on its first day.
    const used = facts.windowDays > 0 ? Math.floor((daysUsed * 100) / facts.windowDays) : 100;
    if (used > windowUsedPercent) windowUsedPercent = used;
    if (rules.evidenceReasons.has(item.reason) && (evidenceReasons === null || !evidenceReasons.includes(item.reason))) {
      (evidenceReasons ??= []).push(item.reason);
    }
    if (item.reason === "not_as_described") requestsNotAsDescribed = true;
    if (item.condition === "worn" && !FAULT_REASONS.has(item.reason)) wornWithoutFault = true;
  }
  if (lateTitles !== null) hardPhrases.push(`the return window has closed for ${sentenceList(lateTitles)}`);
  if (tagTitles !== null && tags !== null) {
    const marked = sentenceList(distinct(tags));
    hard.push({ code: "non_returnable_tag", message: `${sentenceList(tagTitles)} ${tagTitles.length === 1 ? "is" : "are"} marked ${marked} and can't be returned.` });
    hardPhrases.push(`the store doesn't take back items marked ${marked}`);
  }
  if (typeTitles !== null && types !== null) {
    const kinds = sentenceList(distinct(types));
    hard.push({ code: "non_returnable_product_type", message: `${sentenceList(typeTitles)} can't be returned: the store doesn't take back ${kinds} items.` });
    hardPhrases.push(`the store doesn't take back ${kinds} items`);
  }
  if (!rules.allowedResolutions.has(input.resolution)) {
    const word = RESOLUTION_WORDS[input.resolution];
    const offered = wordsFor(input.rules.allowedResolutions, RESOLUTION_WORDS);
    hard.push({ code: "resolution_not_allowed", message: `This store doesn't offer ${word} for returns; you can choose ${sentenceList(offered, "or")}.` });
    hardPhrases.push(`the store doesn't offer ${word}`);
  }
  let exchange: ExchangeCheck | null = null;
  if (exchanging && input.resolution === "exchange") {
    exchange = checkExchange(rules, items, itemLines, order.currency);
    for (let i = 0; i < exchange.hard.length; i++) hard.push(exchange.hard[i]!);
    for (let i = 0; i < exchange.phrases.length; i++) hardPhrases.push(exchange.phrases[i]!);
  }

  // History: cancelled requests never happened; denied ones still say something about risk but do not use up the limit.
  const since = nowMs - rules.periodMs;
  let priorReturns = 0;
  let recentReturns = 0;
  let countedAgainstLimit = 0;
  let priorNotAsDescribed = 0;
  const priors = history.priorReturns;
  for (let i = 0; i < priors.length; i++) {
    const prior = priors[i]!;
    if (prior.status === "cancelled") continue;
    priorReturns++;
    if (prior.createdAt.getTime() >= since) {
      recentReturns++;
      if (prior.status !== "denied") countedAgainstLimit++;
    }
    if (prior.reasons.includes("not_as_described")) priorNotAsDescribed++;
  }
  if (countedAgainstLimit + 1 > rules.maxReturns) {
    const limit = `${rules.maxReturns} ${rules.maxReturns === 1 ? "return" : "returns"} in ${input.rules.customerLimits.periodDays} days`;
    hard.push({ code: "customer_limit_reached", message: `You've reached this store's limit of ${limit}.` });
    hardPhrases.push(`you've reached the store's limit of ${limit}`);
  }
  if (rules.blockedEmails.size > 0 && rules.blockedEmails.has(order.email.trim().toLowerCase())) {
    hard.push({ code: "blocked_email", message: "Returns for this email address can't be accepted online; please contact the store." });
    hardPhrases.push("returns for this email address can't be accepted online");
  }

  const orderCents = parseCents(order.totalPrice);
  const risk = scoreRisk({
    priorReturns,
    orderCount: history.orderCount,
    recentReturns,
    periodDays: input.rules.customerLimits.periodDays,
    orderCents,
    medianOrderCents: parseCents(history.shopMedianOrderValue),
    currency: order.currency,
    windowUsedPercent,
    priorNotAsDescribed,
    requestsNotAsDescribed,
    wornWithoutFault,
    requestsOnThisOrder: history.requestsOnThisOrder,
    emailsFromSameClient: history.emailsFromSameClient,
    reusedPhotos: countIssues(input.photoIssues, "reused"),
  });
  let refund = refundFromCents(rules, valueCents, input.resolution, order.currency);
  // With replacements chosen, the shopper gets back only what the replacements leave of the value.
  if (exchange !== null) refund = { ...refund, amount: exchange.differenceCents < 0 ? formatCents(-exchange.differenceCents) : "0.00" };
  const riskView = { score: risk.score, factors: risk.factors };
  const settle = (approved: boolean) =>
    exchange === null ? null : settleExchange(rules, exchange, { approved, riskScore: risk.score, orderCents, currency: order.currency });

  if (hard.length > 0) {
    return { outcome: "denied", reasons: hard, explanation: `We can't accept this return because ${sentenceList(hardPhrases)}.`, risk: riskView, refund, exchange: settle(false) };
  }

  const review: DecisionReason[] = [];
  const reviewPhrases: string[] = [];
  const unclear = countIssues(input.photoIssues, "blank") + countIssues(input.photoIssues, "too_small");
  if (evidenceReasons !== null && input.evidenceCount <= 0) {
    const reported = sentenceList(wordsFor(evidenceReasons, REASON_WORDS), "or");
    if (unclear > 0) {
      review.push({
        code: "evidence_unusable",
        message: `The photo sent is blank or too small to show the item; add a clear photo of the item reported as ${reported} so the store can approve your return.`,
      });
      reviewPhrases.push("the photo sent does not show the item clearly");
    } else {
      review.push({ code: "evidence_required", message: `A photo is needed for items reported as ${reported}; add one so the store can approve your return.` });
      reviewPhrases.push(`a photo is needed for items reported as ${reported}`);
    }
  }
  if (countIssues(input.photoIssues, "reused") > 0) {
    review.push({ code: "evidence_reused", message: "A photo sent was already used with another return; the store will check it, and a new photo of this item helps." });
    reviewPhrases.push("a photo sent was already used with another return");
  }
  if (orderCents > rules.maxOrderCents) {
    const max = formatCentsWithCode(rules.maxOrderCents, order.currency);
    review.push({ code: "order_value_over_limit", message: `Returns on orders over ${max} are checked by the store before they're approved.` });
    reviewPhrases.push(`orders over ${max} are checked by hand`);
  }
  if (risk.score > rules.maxRiskScore) {
    // The shopper sees these reasons: the score and its factors are for the merchant only.
    review.push({ code: "risk_over_limit", message: "This request needs a check by the store before it can be approved." });
    reviewPhrases.push("some requests are checked by hand");
  }
  if (!rules.autoApprove) {
    review.push({ code: "auto_approve_disabled", message: "This store reviews every return itself." });
    reviewPhrases.push("the store reviews every return itself");
  }
  if (review.length > 0) {
    return {
      outcome: "pending_review",
      reasons: review,
      explanation: `The store will review your request before approving it, because ${sentenceList(reviewPhrases)}.`,
      risk: riskView,
      refund,
      exchange: settle(false),
    };
  }
  return { outcome: "approved", reasons: [{ ...WITHIN_POLICY }], explanation: APPROVED_EXPLANATION, risk: riskView, refund, exchange: settle(true) };
}
