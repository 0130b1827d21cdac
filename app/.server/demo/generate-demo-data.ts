import { DEFAULT_POLICY_RULES, type DefaultPolicyRules } from "../policies/default-policy";
import {
  DEMO_ARTICLES,
  DEMO_CATALOG,
  DEMO_CURRENCY,
  DEMO_SHOP_NAME,
  type CatalogProduct,
  type CatalogVariant,
} from "./catalog";
import { formatCents, formatMoneyAmount, parseCents } from "../money";
import type { DemoOrderInput } from "./demo-orders";
import { parsePolicyRules, type PolicyRules } from "../policies/policy-rules";
import { deriveRiskProfile, type RiskProfileColumns } from "../returns/derive-risk-profile";
import { decideReturn, recommendFromRules } from "../returns/engine";
import { SAME_CLIENT_EMAILS_COUNTED } from "../returns/engine/score-risk";
import type { DecisionInput, DecisionReasonCode, OrderSnapshot, Recommendation, ReturnStatus, RiskFactor as EngineRiskFactor } from "../returns/types";

export { DECISION_REASON_CODES, type DecisionReasonCode } from "../returns/types";

/**
 * Believable history for the demo store: customers, orders, past returns decided by policy
 * version 1, risk profiles, chat conversations and help articles. Pure and deterministic: the same
 * seed and `now` give the same data, so tests and screenshots stay stable. Returns are scripted
 * per scenario (rather than left to chance) so that every status and every kind of decision shows
 * up whatever the seed; each is then decided by the app's own engine (`decideReturn`), with the
 * history the app would have read at that moment, and a review carries the recommendation triage
 * makes without a model. Only what a merchant did afterwards (approve or deny a review, receive,
 * refund) is scripted.
 */

/** A return's status, as the ReturnStatus enum spells it. */
export type DemoReturnStatus = "pending_triage" | "pending_review" | "approved" | "denied" | "completed" | "cancelled";
/** A decision's outcome; `pending` until something has decided. */
export type DemoDecisionOutcome = "approved" | "denied" | "pending_review" | "pending";
/** What the shopper asked for in exchange for the items. */
export type DemoResolution = "refund" | "store_credit" | "exchange";
/** A return item's reason code of API.md. */
export type DemoReturnReason =
  | "size_too_small"
  | "size_too_large"
  | "not_as_described"
  | "damaged"
  | "defective"
  | "wrong_item"
  | "changed_mind"
  | "arrived_late"
  | "other";
/** A return item's condition as the shopper reported it. */
export type DemoItemCondition = "unopened" | "unworn" | "worn" | "damaged";
/** Who made a change recorded in the audit log. */
export type DemoActorType = "system" | "rules" | "ai" | "merchant" | "api" | "shopper" | "platform";

/** One reason of a decision, with a sentence a merchant can read. */
export type DecisionReason = { code: DecisionReasonCode; message: string };
/** One contribution to a return's risk score, as the engine writes it. */
export type RiskFactor = EngineRiskFactor;
/** Advice on a pending review: the rules' recommendation, because the demo has no model. */
export type AiRecommendation = Recommendation;

/** A shopper of the demo store. */
export type DemoCustomer = { name: string; email: string; serialReturner: boolean };

/** One line of a demo return, with the order line it came from. */
export type DemoReturnItem = {
  lineItemId: string;
  title: string;
  variantTitle: string | null;
  sku: string | null;
  productType: string | null;
  tags: string[];
  quantity: number;
  unitPrice: string;
  reason: DemoReturnReason;
  condition: DemoItemCondition | null;
  note: string | null;
  restock: boolean;
};

/** One step of a return's timeline. */
export type DemoAuditEntry = {
  action: "created" | "decided" | "triaged" | "received" | "completed" | "cancelled";
  actorType: DemoActorType;
  actorId: string | null;
  message: string;
  data: Record<string, unknown>;
  createdAt: Date;
};

/** A past return request, decided under policy version 1. */
export type DemoReturn = {
  /** Stable local reference; the seed gives each return a fresh UUID. */
  key: string;
  platformOrderId: string;
  orderName: string;
  orderProcessedAt: Date;
  orderDeliveredAt: Date | null;
  orderTotal: string;
  currency: string;
  customerEmail: string;
  customerName: string;
  customerIp: string;
  status: DemoReturnStatus;
  resolution: DemoResolution;
  note: string | null;
  policyVersion: number;
  decisionOutcome: DemoDecisionOutcome;
  decisionReasons: DecisionReason[];
  decisionExplanation: string;
  decidedAt: Date | null;
  decidedBy: string | null;
  riskScore: string | null;
  riskFactors: RiskFactor[];
  aiRecommendation: AiRecommendation | null;
  refundEstimate: string;
  restockingFee: string;
  storeCreditBonus: string;
  refundedAmount: string | null;
  receivedAt: Date | null;
  completedAt: Date | null;
  cancelledAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
  conversationKey: string | null;
  items: DemoReturnItem[];
  timeline: DemoAuditEntry[];
};

/** A customer's return behaviour, for the risk profile table. */
export type DemoRiskProfile = Omit<RiskProfileColumns, "lastReturnAt"> & { email: string; lastReturnAt: Date | null };

/** One chat message. */
export type DemoMessage = {
  role: "customer" | "ai" | "agent" | "system";
  text: string;
  internal: boolean;
  authorName: string | null;
  sources: { type: "article"; ref: string; title: string }[] | null;
  toolCalls: { name: string; arguments: Record<string, unknown> }[] | null;
  createdAt: Date;
};

/** A chat conversation with its messages. */
export type DemoConversation = {
  key: string;
  channel: "chat";
  status: "open" | "pending" | "snoozed" | "closed";
  customerEmail: string | null;
  customerName: string | null;
  subject: string;
  assigneeId: string | null;
  assigneeName: string | null;
  aiActive: boolean;
  summary: string | null;
  unreadCount: number;
  handoffCount: number;
  handedOffAt: Date | null;
  snoozedUntil: Date | null;
  firstResponseAt: Date | null;
  resolvedAt: Date | null;
  resolvedByAi: boolean | null;
  satisfaction: number | null;
  lastMessageAt: Date;
  createdAt: Date;
  updatedAt: Date;
  messages: DemoMessage[];
};

/** A help-centre article with its dates. */
export type DemoArticle = {
  slug: string;
  title: string;
  body: string;
  status: "published" | "draft";
  tags: string[];
  publishedAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
};

/** Everything the generator makes; money as decimal strings, times as Dates. */
export type DemoData = {
  shopName: string;
  currency: string;
  catalog: readonly CatalogProduct[];
  customers: DemoCustomer[];
  orders: DemoOrderInput[];
  returns: DemoReturn[];
  riskProfiles: DemoRiskProfile[];
  conversations: DemoConversation[];
  articles: DemoArticle[];
};

/** The time the history ends at, and the seed of its randomness. */
export type GenerateDemoDataOptions = { now: Date; seed?: number };

/** The seed `npm run demo` uses. */
export const DEFAULT_DEMO_SEED = 20_261_122;

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const HISTORY_DAYS = 120;
const ORDER_COUNT = 240;
const RULES: DefaultPolicyRules = DEFAULT_POLICY_RULES;
const POLICY_VERSION = 1;
const MERCHANT = "merchant:demo";

// ---------------------------------------------------------------------------------------------
// Randomness

type Rng = {
  next(): number;
  int(min: number, max: number): number;
  between(min: number, max: number): number;
  chance(probability: number): boolean;
  pick<T>(items: readonly T[]): T;
  weighted<T>(items: readonly T[], weight: (item: T) => number): T;
  shuffle<T>(items: readonly T[]): T[];
};

// mulberry32: tiny, fast and good enough to make data look random; not for anything secret.
function createRng(seed: number): Rng {
  let state = seed >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
  const at = <T>(items: readonly T[], index: number): T => {
    const item = items[index];
    if (item === undefined) throw new Error("Cannot pick from an empty list");
    return item;
  };
  return {
    next,
    int: (min, max) => min + Math.floor(next() * (max - min + 1)),
    between: (min, max) => min + next() * (max - min),
    chance: (probability) => next() < probability,
    pick: (items) => at(items, Math.floor(next() * items.length)),
    weighted(items, weight) {
      const total = items.reduce((sum, item) => sum + weight(item), 0);
      let roll = next() * total;
      for (const item of items) {
        roll -= weight(item);
        if (roll < 0) return item;
      }
      return at(items, items.length - 1);
    },
    shuffle(items) {
      const copy = [...items];
      for (let i = copy.length - 1; i > 0; i--) {
        const j = Math.floor(next() * (i + 1));
        [copy[i], copy[j]] = [at(copy, j), at(copy, i)];
      }
      return copy;
    },
  };
}

// ---------------------------------------------------------------------------------------------
// Money and small helpers

// The demo store sells in one currency; its timeline and chats show amounts the way the admin does.
const dollars = (cents: number) => formatMoneyAmount(formatCents(cents), DEMO_CURRENCY);

function firstName(name: string): string {
  return name.split(" ")[0] ?? name;
}

function shortDate(ms: number): string {
  return new Date(ms).toLocaleDateString("en-US", { month: "short", day: "numeric", timeZone: "UTC" });
}

// Whole seconds: real order and return times never carry milliseconds.
const second = (ms: number) => Math.floor(ms / 1000) * 1000;

// ---------------------------------------------------------------------------------------------
// Customers

const FIRST_NAMES = [
  "Olivia", "Liam", "Maya", "Noah", "Ava", "Ethan", "Sofia", "Lucas", "Isabella", "Mason", "Mia",
  "Elijah", "Harper", "James", "Amelia", "Benjamin", "Evelyn", "Henry", "Abigail", "Daniel", "Emily",
  "Samuel", "Grace", "Owen", "Chloe", "Julian", "Zoe", "Gabriel", "Nora", "Caleb", "Leah", "Isaac",
  "Aaliyah", "Adrian", "Priya", "Mateo", "Hannah", "Kai", "Naomi", "Theo", "Yasmin", "Rohan",
  "Fatima", "Diego", "Aisha", "Jonah", "Keiko", "Tomas", "Ines", "Malik", "Ruby", "Felix", "Camila",
  "Jamal", "Elena", "Omar", "Clara", "Hugo", "Lena", "Andre",
];

const LAST_NAMES = [
  "Nguyen", "Patel", "Garcia", "Johnson", "Kim", "Okafor", "Rossi", "Schmidt", "Chen", "Williams",
  "Martinez", "Brown", "O'Connor", "Singh", "Lopez", "Davis", "Haddad", "Silva", "Novak", "Andersen",
  "Walker", "Tanaka", "Murphy", "Cohen", "Ramirez", "Fischer", "Mensah", "Park", "Bennett", "Dubois",
  "Hughes", "Ivanova", "Khan", "Moreau", "Larsen", "Ortiz", "Price", "Sato", "Turner", "Ward",
  "Alvarez", "Becker", "Costa", "Ferreira", "Gray", "Hoffman", "Jensen", "Lindqvist", "Mahmoud",
  "Rivera",
];

const SERIAL_RETURNERS: readonly DemoCustomer[] = [
  { name: "Brooke Kessler", email: "brooke.kessler@example.net", serialReturner: true },
  { name: "Damon Reyes", email: "dreyes77@example.com", serialReturner: true },
];

type Customer = DemoCustomer & { weight: number };

function emailFor(rng: Rng, first: string, last: string): string {
  const f = first.toLowerCase().replace(/[^a-z]/g, "");
  const l = last.toLowerCase().replace(/[^a-z]/g, "");
  const domain = rng.chance(0.6) ? "example.com" : "example.net";
  const local = rng.pick([
    `${f}.${l}`,
    `${f}${l}`,
    `${f[0] ?? ""}${l}`,
    `${f}.${l}${rng.int(1, 99)}`,
    `${f}_${l[0] ?? ""}${rng.int(70, 99)}`,
    `${f}${rng.int(10, 9999)}`,
  ]);
  return `${local}@${domain}`;
}

function generateCustomers(rng: Rng, count: number): Customer[] {
  const customers: Customer[] = SERIAL_RETURNERS.map((customer) => ({ ...customer, weight: 0 }));
  const names = new Set(customers.map((c) => c.name));
  const emails = new Set(customers.map((c) => c.email));
  while (customers.length < count) {
    const first = rng.pick(FIRST_NAMES);
    const last = rng.pick(LAST_NAMES);
    const name = `${first} ${last}`;
    const email = emailFor(rng, first, last);
    if (names.has(name) || emails.has(email)) continue;
    names.add(name);
    emails.add(email);
    // A few loyal customers order far more often than the rest, as in any real store.
    customers.push({ name, email, serialReturner: false, weight: rng.weighted([1, 2, 3, 6], (w) => 7 - w) });
  }
  return customers;
}

// ---------------------------------------------------------------------------------------------
// Orders

type Line = { product: CatalogProduct; variant: CatalogVariant; quantity: number; id: string };

type Fate =
  | "triage"
  | "review"
  | "approve"
  | "complete"
  | "cancel_shopper"
  | "cancel_expired"
  | "merchant_deny"
  | "deny";

type ReturnPlan = {
  createdAt: number;
  fate: Fate;
  resolution: DemoResolution;
  note: string | null;
  items: { line: Line; quantity: number; reason: DemoReturnReason; condition: DemoItemCondition | null; note: string | null }[];
};

type OrderDraft = {
  customer: Customer;
  processedAt: number;
  deliveredAt: number | null;
  lines: Line[];
  note: string | null;
  plan: ReturnPlan | null;
  id: string;
  name: string;
};

const isFinalSale = (p: CatalogProduct) => RULES.nonReturnableTags.some((tag) => p.tags.includes(tag));
const isGiftCard = (p: CatalogProduct) => RULES.nonReturnableProductTypes.includes(p.productType);
const isSwim = (p: CatalogProduct) => p.productType === "Swimwear";
const isHoliday = (p: CatalogProduct) => p.tags.includes("holiday");

function windowDaysFor(p: { productType: string | null; tags: readonly string[] }): number {
  for (const override of RULES.overrides) {
    const { productType, tag } = override.match;
    if (productType !== undefined && p.productType === productType) return override.returnWindowDays;
    if (tag !== undefined && p.tags.includes(tag)) return override.returnWindowDays;
  }
  return RULES.returnWindowDays;
}

/** Returnable, with two days to spare, when requested `days` after delivery. */
const returnableAfter = (days: number) => (p: CatalogProduct) =>
  !isFinalSale(p) && !isGiftCard(p) && windowDaysFor(p) >= days + 2;

const AUTO_APPROVE_LIMIT = parseCents(RULES.autoApprove.maxOrderValue);

function pickVariant(rng: Rng, product: CatalogProduct): CatalogVariant {
  // The middle sizes sell most.
  const variants = product.variants;
  return rng.weighted(variants, (v) => (/\b(S|M|L|28|30|32|US 8|US 9|US 10)\b/.test(v.title) ? 3 : 1));
}

function makeLine(rng: Rng, product: CatalogProduct): Line {
  const quantity = product.handle === "merino-socks-3-pack" ? rng.int(1, 3) : rng.chance(0.1) ? 2 : 1;
  return { product, variant: pickVariant(rng, product), quantity, id: "" };
}

const lineCents = (line: Line) => parseCents(line.variant.price) * line.quantity;
const linesCents = (lines: readonly Line[]) => lines.reduce((sum, line) => sum + lineCents(line), 0);

type Budget = "any" | "at_most_limit" | "over_limit";

function buildLines(rng: Rng, primary: CatalogProduct, extra: number, budget: Budget): Line[] {
  const lines = [makeLine(rng, primary)];
  for (let attempt = 0; lines.length < extra + 1 && attempt < 20; attempt++) {
    const product = rng.weighted(DEMO_CATALOG, (p) => p.popularity);
    if (lines.some((line) => line.product === product)) continue;
    const line = makeLine(rng, product);
    if (budget === "at_most_limit" && linesCents([...lines, line]) > AUTO_APPROVE_LIMIT) continue;
    lines.push(line);
  }
  if (budget === "over_limit") {
    const pricey = DEMO_CATALOG.filter((p) => parseCents(p.variants[0]?.price ?? "0") >= 9_000 && !isGiftCard(p));
    while (linesCents(lines) <= AUTO_APPROVE_LIMIT) {
      const product = rng.pick(pricey.filter((p) => !lines.some((line) => line.product === p)));
      lines.push({ ...makeLine(rng, product), quantity: 1 });
    }
  }
  return lines;
}

const ORDER_NOTES = [
  "Please leave the parcel with the front desk.",
  "It's a gift, please leave the prices off the packing slip.",
  "Side door, not the front, thank you!",
  "Birthday present, could you include a gift note saying Happy birthday, love M.",
  "No plastic packaging if possible.",
];

function extraLineCount(rng: Rng): number {
  return rng.weighted([0, 1, 2, 3], (n) => [45, 30, 17, 8][n] ?? 0);
}

// Two to seven days from order to doorstep, three to five most often.
function deliveryDelay(rng: Rng): number {
  return rng.weighted([2, 3, 4, 5, 6], (d) => [2, 5, 5, 4, 2][d - 2] ?? 0) * DAY + rng.between(0, 23) * HOUR;
}

// ---------------------------------------------------------------------------------------------
// What shoppers write

const NORMAL_REASONS: readonly DemoReturnReason[] = [
  "size_too_small",
  "size_too_small",
  "size_too_large",
  "size_too_large",
  "changed_mind",
  "not_as_described",
  "arrived_late",
  "other",
];
const EVIDENCE_REASONS: readonly DemoReturnReason[] = ["damaged", "defective", "wrong_item"];

const REASON_NOTES: Record<DemoReturnReason, readonly ((line: Line) => string)[]> = {
  size_too_small: [
    () => "Too tight across the shoulders, I need the next size up.",
    (l) => `Runs small. I'm usually a ${l.variant.title.split(" / ")[0]} and this fits like one size down.`,
    () => "Snug in the waist, I'd like a bigger size please.",
    () => "Couldn't get it on comfortably.",
  ],
  size_too_large: [
    () => "Way too roomy on me, I'm swimming in it.",
    () => "Gapes at the back even with a belt.",
    () => "Half a size too big, my heel slips out.",
    () => "Lovely fabric but it's boxy on me, need a size down.",
  ],
  not_as_described: [
    () => "The colour is much more orange than in the photos.",
    () => "Fabric is a lot thinner than I expected from the description.",
    (l) => `The ${l.product.title} looked longer on the model, it hits well above where I expected.`,
  ],
  damaged: [
    () => "Arrived with a small tear along the side seam.",
    () => "There's a mark on the front straight out of the bag.",
    () => "The box was crushed and one toe is scuffed.",
  ],
  defective: [
    () => "The zip broke the second time I used it.",
    () => "Stitching on the strap came undone after one wear.",
    () => "The sole is starting to come away at the heel.",
  ],
  wrong_item: [
    (l) => `I ordered ${l.variant.title} but the label says something different.`,
    () => "Got a different colour than the one I ordered.",
  ],
  changed_mind: [
    () => "Decided it's not really my style.",
    () => "Bought two similar ones and I'm keeping the other.",
    () => "Found something I like better, sorry!",
  ],
  arrived_late: [
    () => "Needed it for a wedding last weekend and it arrived the day after.",
    () => "Took too long, I ended up buying something locally.",
  ],
  other: [
    () => "It was a gift and they already have one.",
    () => "Doesn't go with the outfit I bought it for.",
  ],
};

const RETURN_NOTES = [
  "Happy to drop it at the post office this week.",
  "Thanks for making this easy!",
  "Can the exchange go out before the weekend? Need it for a trip.",
  "Still have all the tags and the original bag.",
];

function conditionFor(rng: Rng, reason: DemoReturnReason): DemoItemCondition | null {
  switch (reason) {
    case "damaged":
      return "damaged";
    case "defective":
      return rng.chance(0.6) ? "worn" : "damaged";
    case "wrong_item":
    case "arrived_late":
      return "unopened";
    default:
      if (rng.chance(0.1)) return null;
      return rng.chance(0.25) ? "unopened" : "unworn";
  }
}

function resolutionFor(rng: Rng, reason: DemoReturnReason): DemoResolution {
  const sizing = reason === "size_too_small" || reason === "size_too_large" || reason === "wrong_item";
  return rng.weighted(["refund", "store_credit", "exchange"] as const, (r) =>
    r === "exchange" ? (sizing ? 4 : 1) : r === "refund" ? 5 : 3,
  );
}

function planItem(rng: Rng, line: Line, reason: DemoReturnReason, condition?: DemoItemCondition) {
  return {
    line,
    quantity: line.quantity > 1 && rng.chance(0.5) ? rng.int(1, line.quantity) : line.quantity,
    reason,
    condition: condition ?? conditionFor(rng, reason),
    note: rng.chance(0.65) ? rng.pick(REASON_NOTES[reason])(line) : null,
  };
}

// ---------------------------------------------------------------------------------------------
// Scripted returns

type Scenario = {
  fate: Fate;
  count: number;
  returnDaysAgo: [number, number];
  daysAfterDelivery: [number, number];
  primary: (p: CatalogProduct, daysAfterDelivery: number) => boolean;
  reasons: readonly DemoReturnReason[];
  budget: Budget;
  condition?: DemoItemCondition;
};

const anyReturnable = (p: CatalogProduct, days: number) => returnableAfter(days)(p);

const SCENARIOS: readonly Scenario[] = [
  // Just sent to review (and triaged): a photo to check, or an order over the limit.
  { fate: "triage", count: 3, returnDaysAgo: [0.05, 1.2], daysAfterDelivery: [2, 12], primary: anyReturnable,
    reasons: EVIDENCE_REASONS, budget: "at_most_limit" },
  { fate: "triage", count: 3, returnDaysAgo: [0.05, 1.2], daysAfterDelivery: [2, 12], primary: anyReturnable,
    reasons: NORMAL_REASONS, budget: "over_limit" },
  { fate: "review", count: 3, returnDaysAgo: [0.1, 4], daysAfterDelivery: [1, 8], primary: anyReturnable,
    reasons: EVIDENCE_REASONS, budget: "at_most_limit" },
  { fate: "review", count: 3, returnDaysAgo: [0.2, 4.5], daysAfterDelivery: [2, 10],
    primary: (p, d) => anyReturnable(p, d) && parseCents(p.variants[0]?.price ?? "0") >= 8_500,
    reasons: ["size_too_small", "size_too_large", "not_as_described"], budget: "over_limit" },
  { fate: "approve", count: 7, returnDaysAgo: [0.3, 9], daysAfterDelivery: [2, 12], primary: anyReturnable,
    reasons: NORMAL_REASONS, budget: "at_most_limit" },
  { fate: "approve", count: 2, returnDaysAgo: [2, 9], daysAfterDelivery: [1, 8], primary: anyReturnable,
    reasons: EVIDENCE_REASONS, budget: "at_most_limit" },
  { fate: "complete", count: 2, returnDaysAgo: [13, 40], daysAfterDelivery: [35, 52],
    primary: (p) => isHoliday(p) && !isFinalSale(p) && !isSwim(p), reasons: ["other", "size_too_large", "changed_mind"],
    budget: "any" },
  { fate: "deny", count: 3, returnDaysAgo: [0.5, 35], daysAfterDelivery: [36, 60],
    primary: (p) => !isHoliday(p) && !isFinalSale(p) && !isGiftCard(p) && !isSwim(p), reasons: NORMAL_REASONS,
    budget: "any" },
  { fate: "deny", count: 3, returnDaysAgo: [0.5, 45], daysAfterDelivery: [17, 27], primary: isSwim,
    reasons: ["size_too_small", "size_too_large", "changed_mind"], budget: "any", condition: "unworn" },
  { fate: "deny", count: 3, returnDaysAgo: [0.5, 60], daysAfterDelivery: [2, 20], primary: isFinalSale,
    reasons: NORMAL_REASONS, budget: "any" },
  { fate: "deny", count: 1, returnDaysAgo: [1, 60], daysAfterDelivery: [2, 20], primary: isGiftCard,
    reasons: ["changed_mind", "other"], budget: "any", condition: "unopened" },
  { fate: "deny", count: 1, returnDaysAgo: [1, 30], daysAfterDelivery: [38, 50], primary: isFinalSale,
    reasons: ["size_too_large", "changed_mind"], budget: "any" },
  { fate: "merchant_deny", count: 1, returnDaysAgo: [5, 40], daysAfterDelivery: [2, 15], primary: anyReturnable,
    reasons: ["defective"], budget: "any", condition: "worn" },
  { fate: "complete", count: 22, returnDaysAgo: [12, 85], daysAfterDelivery: [1, 12], primary: anyReturnable,
    reasons: [...NORMAL_REASONS, ...NORMAL_REASONS, ...EVIDENCE_REASONS], budget: "any" },
  { fate: "cancel_shopper", count: 3, returnDaysAgo: [6, 60], daysAfterDelivery: [2, 12], primary: anyReturnable,
    reasons: NORMAL_REASONS, budget: "any" },
  { fate: "cancel_expired", count: 3, returnDaysAgo: [16, 70], daysAfterDelivery: [2, 12], primary: anyReturnable,
    reasons: NORMAL_REASONS, budget: "any" },
  // Late but inside the 30-day window, approved and refunded: what a shorter window (21 days) would have denied.
  { fate: "complete", count: 7, returnDaysAgo: [14, 80], daysAfterDelivery: [22.5, 26.5],
    primary: (p, d) => anyReturnable(p, d) && !isHoliday(p) && !isSwim(p), reasons: NORMAL_REASONS, budget: "at_most_limit" },
];

function scheduleOrder(rng: Rng, now: number, returnDaysAgo: number, daysAfterDelivery: number) {
  const createdAt = second(now - returnDaysAgo * DAY);
  const deliveredAt = second(createdAt - daysAfterDelivery * DAY - rng.between(1, 10) * HOUR);
  const processedAt = second(deliveredAt - deliveryDelay(rng));
  return { createdAt, deliveredAt, processedAt };
}

function scriptedDraft(rng: Rng, now: number, scenario: Scenario, customer: Customer): OrderDraft {
  const daysAfterDelivery = rng.between(...scenario.daysAfterDelivery);
  const { createdAt, deliveredAt, processedAt } = scheduleOrder(
    rng,
    now,
    rng.between(...scenario.returnDaysAgo),
    daysAfterDelivery,
  );
  const pool = DEMO_CATALOG.filter((p) => scenario.primary(p, daysAfterDelivery + 1));
  const primary = rng.weighted(pool, (p) => p.popularity);
  const lines = buildLines(rng, primary, extraLineCount(rng), scenario.budget);
  const first = lines[0] as Line;
  const reason = rng.pick(scenario.reasons);
  const items = [planItem(rng, first, reason, scenario.condition)];
  // Some shoppers send back a second item from the same order, when it is returnable too.
  const another = lines.slice(1).find((line) => returnableAfter(daysAfterDelivery + 1)(line.product));
  if (scenario.fate !== "deny" && another && rng.chance(0.3)) {
    items.push(planItem(rng, another, rng.pick(NORMAL_REASONS)));
  }
  return {
    customer,
    processedAt,
    deliveredAt,
    lines,
    note: null,
    plan: {
      createdAt,
      fate: scenario.fate,
      resolution: resolutionFor(rng, reason),
      note: rng.chance(0.2) ? rng.pick(RETURN_NOTES) : null,
      items,
    },
    id: "",
    name: "",
  };
}

// Brooke returns almost everything she buys, roughly every twelve days; the gaps are chosen so no
// return sits near the edge of the 90-day limit period.
const BROOKE_RETURNS: readonly [number, Fate][] = [
  [104, "complete"], [92, "complete"], [80, "complete"], [68, "complete"], [56, "complete"],
  [42, "deny"], [28, "deny"], [5, "review"],
];
const DAMON_RETURNS: readonly [number, Fate][] = [
  [70, "complete"], [52, "complete"], [33, "complete"], [18, "merchant_deny"], [3, "review"],
];

function serialDrafts(rng: Rng, now: number, customer: Customer, plans: readonly [number, Fate][], keptOrders: number[]) {
  const favourite = customer.email.startsWith("brooke")
    ? (p: CatalogProduct) => ["Dresses", "Shirts", "Knitwear"].includes(p.productType)
    : (p: CatalogProduct) => ["Shoes", "Jeans", "Outerwear"].includes(p.productType);
  const drafts: OrderDraft[] = [];
  for (const [daysAgo, fate] of plans) {
    const daysAfterDelivery = rng.between(3, 5);
    const times = scheduleOrder(rng, now, daysAgo + rng.between(-0.4, 0.4), daysAfterDelivery);
    const pool = DEMO_CATALOG.filter((p) => favourite(p) && returnableAfter(8)(p));
    const lines = buildLines(rng, rng.pick(pool), rng.int(1, 2), "any");
    const returned = lines.filter((line) => returnableAfter(8)(line.product)).slice(0, rng.int(1, 2));
    const items = returned.map((line) =>
      planItem(rng, line, rng.pick(["size_too_small", "size_too_large", "changed_mind", "not_as_described"] as const),
        rng.chance(0.5) ? "worn" : "unworn"),
    );
    if (fate === "merchant_deny") for (const item of items) item.condition = "worn";
    drafts.push({
      customer,
      processedAt: times.processedAt,
      deliveredAt: times.deliveredAt,
      lines,
      note: null,
      plan: { createdAt: times.createdAt, fate, resolution: rng.chance(0.7) ? "refund" : "store_credit", note: null, items },
      id: "",
      name: "",
    });
  }
  for (const daysAgo of keptOrders) {
    const processedAt = second(now - daysAgo * DAY);
    const lines = buildLines(rng, rng.pick(DEMO_CATALOG.filter(favourite)), rng.int(0, 2), "any");
    drafts.push({ customer, processedAt, deliveredAt: second(processedAt + deliveryDelay(rng)), lines, note: null,
      plan: null, id: "", name: "" });
  }
  return drafts;
}

function fillerDraft(rng: Rng, now: number, customer: Customer): OrderDraft {
  const processedAt = second(now - rng.between(1.5 / 24, HISTORY_DAYS - 0.5) * DAY);
  const delivered = processedAt + deliveryDelay(rng);
  const primary = rng.weighted(DEMO_CATALOG, (p) => p.popularity);
  return {
    customer,
    processedAt,
    // Parcels still travelling have no delivery date yet.
    deliveredAt: delivered < now - HOUR ? second(delivered) : null,
    lines: buildLines(rng, primary, extraLineCount(rng), "any"),
    note: rng.chance(0.06) ? rng.pick(ORDER_NOTES) : null,
    plan: null,
    id: "",
    name: "",
  };
}

function toOrderInput(draft: OrderDraft): DemoOrderInput {
  return {
    id: draft.id,
    name: draft.name,
    email: draft.customer.email,
    currency: DEMO_CURRENCY,
    processedAt: new Date(draft.processedAt).toISOString(),
    deliveredAt: draft.deliveredAt === null ? null : new Date(draft.deliveredAt).toISOString(),
    customerName: draft.customer.name,
    note: draft.note,
    lineItems: draft.lines.map((line) => ({
      id: line.id,
      title: line.product.title,
      variantTitle: line.variant.title,
      sku: line.variant.sku,
      quantity: line.quantity,
      unitPrice: line.variant.price,
      productType: line.product.productType,
      tags: [...line.product.tags],
    })),
  };
}

// ---------------------------------------------------------------------------------------------
// Deciding: the real engine, with what the app would have known when each request came in

/** The demo's policy as the engine reads it (version 1, the shop's only policy). */
const POLICY_RULES: PolicyRules = parsePolicyRules(DEFAULT_POLICY_RULES);

function orderSnapshot(draft: OrderDraft): OrderSnapshot {
  return {
    id: draft.id,
    name: draft.name,
    email: draft.customer.email,
    currency: DEMO_CURRENCY,
    totalPrice: formatCents(linesCents(draft.lines)),
    processedAt: new Date(draft.processedAt),
    deliveredAt: draft.deliveredAt === null ? null : new Date(draft.deliveredAt),
    // One return per demo order, so everything bought is still returnable.
    lineItems: draft.lines.map((line) => ({
      id: line.id,
      title: line.product.title,
      variantTitle: line.variant.title,
      sku: line.variant.sku,
      quantity: line.quantity,
      returnableQuantity: line.quantity,
      unitPrice: line.variant.price,
      productType: line.product.productType,
      tags: [...line.product.tags],
    })),
  };
}

/**
 * What the engine is given for a demo return: the order, the request, and the customer's history
 * as `loadCustomerHistory` would have read it at the moment of the request (earlier returns in the
 * state they were in then, orders placed until then, the median of the 90 days before).
 */
export function demoDecisionInput(
  data: { orders: ReadonlyArray<Pick<DemoOrderInput, "email" | "processedAt" | "lineItems">>; returns: readonly PastReturn[] },
  request: Pick<DemoReturn, "platformOrderId" | "customerEmail" | "createdAt" | "resolution"> & { customerIp: string | null; items: ReadonlyArray<Pick<DemoReturnItem, "lineItemId" | "quantity" | "reason" | "condition">> },
  order: OrderSnapshot,
): DecisionInput {
  const at = request.createdAt.getTime();
  const orders = orderFacts(data.orders);
  const earlier = data.returns.filter((r) => r.createdAt.getTime() < at);
  const sameClientSince = at - 30 * DAY;
  const sameClient = new Set([request.customerEmail]);
  if (request.customerIp !== null) {
    for (const r of earlier) if (r.customerIp === request.customerIp && r.createdAt.getTime() >= sameClientSince) sameClient.add(r.customerEmail);
  }
  const own = earlier.filter((r) => r.customerEmail === request.customerEmail).sort((x, y) => y.createdAt.getTime() - x.createdAt.getTime());
  return {
    rules: POLICY_RULES,
    policyVersion: POLICY_VERSION,
    now: request.createdAt,
    order,
    items: request.items.map((item) => ({ lineItemId: item.lineItemId, quantity: item.quantity, reason: item.reason, ...(item.condition ? { condition: item.condition } : {}) })),
    resolution: request.resolution,
    // The demo's shoppers attach no photos.
    evidenceCount: 0,
    history: {
      orderCount: Math.max(1, orders.filter((o) => o.email === request.customerEmail && o.placed <= at).length),
      priorReturns: own.map((r) => ({
        createdAt: r.createdAt,
        orderId: r.platformOrderId,
        status: statusAsOf(r, at),
        reasons: r.items.map((item) => item.reason),
        value: formatCents(r.items.reduce((sum, item) => sum + parseCents(item.unitPrice) * item.quantity, 0)),
      })),
      requestsOnThisOrder: earlier.filter((r) => r.platformOrderId === request.platformOrderId).length,
      emailsFromSameClient: Math.min(SAME_CLIENT_EMAILS_COUNTED, sameClient.size),
      shopMedianOrderValue: medianOrderValue(orders, at),
    },
  };
}

/** What the history of a customer needs of an earlier return (a DemoReturn, or a stored row). */
export type PastReturn = Pick<DemoReturn, "platformOrderId" | "customerEmail" | "createdAt" | "status" | "decisionOutcome" | "decidedAt" | "completedAt" | "cancelledAt"> & {
  customerIp: string | null;
  items: ReadonlyArray<Pick<DemoReturnItem, "reason" | "quantity" | "unitPrice">>;
};

/** A return's status at an instant of its past, from the times it records. */
function statusAsOf(r: PastReturn, at: number): ReturnStatus {
  if (r.cancelledAt !== null && r.cancelledAt.getTime() <= at) return "cancelled";
  if (r.completedAt !== null && r.completedAt.getTime() <= at) return "completed";
  if (r.decidedAt === null || r.decidedAt.getTime() > at) return r.status === "pending_triage" ? "pending_triage" : "pending_review";
  return r.decisionOutcome === "approved" || r.decisionOutcome === "denied" ? r.decisionOutcome : "pending_review";
}

type OrderFacts = { email: string; placed: number; cents: number };
const orderFactsCache = new WeakMap<object, OrderFacts[]>();

// Each order's time and total are read once per list, not once per return: seeding the demo stays fast.
function orderFacts(orders: ReadonlyArray<Pick<DemoOrderInput, "email" | "processedAt" | "lineItems">>): OrderFacts[] {
  let facts = orderFactsCache.get(orders);
  if (!facts) {
    facts = orders.map((o) => ({ email: o.email, placed: Date.parse(o.processedAt), cents: o.lineItems.reduce((sum, line) => sum + parseCents(line.unitPrice) * line.quantity, 0) }));
    orderFactsCache.set(orders, facts);
  }
  return facts;
}

/** The median order total of the 90 days before `at`, as Postgres' percentile_cont rounds it to cents. */
function medianOrderValue(orders: readonly OrderFacts[], at: number): string {
  const totals: number[] = [];
  for (const o of orders) if (o.placed >= at - 90 * DAY && o.placed <= at) totals.push(o.cents);
  if (totals.length === 0) return "0.00";
  totals.sort((x, y) => x - y);
  const mid = totals.length >> 1;
  // Half a cent rounds up, as numeric(12,2) does for a positive median.
  return formatCents(totals.length % 2 === 1 ? totals[mid]! : Math.ceil((totals[mid - 1]! + totals[mid]!) / 2));
}

// ---------------------------------------------------------------------------------------------
// Turning plans into returns

const RESOLUTION_WORDS: Record<DemoResolution, string> = {
  refund: "refund",
  store_credit: "store credit",
  exchange: "exchange",
};

function buildReturn(input: {
  rng: Rng;
  now: number;
  key: string;
  draft: OrderDraft;
  plan: ReturnPlan;
  /** The orders and the returns decided before this one. */
  sofar: Pick<DemoData, "orders" | "returns">;
}): DemoReturn {
  const { rng, now, draft, plan } = input;
  const email = draft.customer.email;
  const itemWord = plan.items.length === 1 ? "item" : "items";

  const timeline: DemoAuditEntry[] = [
    {
      action: "created",
      actorType: "shopper",
      actorId: email,
      message: `Return requested for ${plan.items.length} ${itemWord} (${RESOLUTION_WORDS[plan.resolution]}).`,
      data: {
        resolution: plan.resolution,
        items: plan.items.map((item) => ({ lineItemId: item.line.id, quantity: item.quantity, reason: item.reason })),
      },
      createdAt: new Date(plan.createdAt),
    },
  ];

  const base = {
    key: input.key,
    platformOrderId: draft.id,
    orderName: draft.name,
    orderProcessedAt: new Date(draft.processedAt),
    orderDeliveredAt: draft.deliveredAt === null ? null : new Date(draft.deliveredAt),
    orderTotal: formatCents(linesCents(draft.lines)),
    currency: DEMO_CURRENCY,
    customerEmail: email,
    customerName: draft.customer.name,
    customerIp: `198.51.100.${rng.int(2, 254)}`,
    resolution: plan.resolution,
    note: plan.note,
    policyVersion: POLICY_VERSION,
    createdAt: new Date(plan.createdAt),
    conversationKey: null,
    items: plan.items.map((item) => ({
      lineItemId: item.line.id,
      title: item.line.product.title,
      variantTitle: item.line.variant.title,
      sku: item.line.variant.sku,
      productType: item.line.product.productType,
      tags: [...item.line.product.tags],
      quantity: item.quantity,
      unitPrice: item.line.variant.price,
      reason: item.reason,
      condition: item.condition,
      note: item.note,
      restock: item.condition !== "damaged" && item.reason !== "defective",
    })),
  };
  const decisionInput = demoDecisionInput(input.sofar, base, orderSnapshot(draft));
  const rules = decideReturn(decisionInput);
  const { refund } = rules;
  const decided = {
    decisionReasons: rules.reasons,
    decisionExplanation: rules.explanation,
    riskScore: rules.risk.score.toFixed(3),
    riskFactors: rules.risk.factors,
    restockingFee: refund.restockingFee,
    storeCreditBonus: refund.storeCreditBonus,
  };

  // A request the rules sent to review a moment ago: triaged already, as the app's triage job does
  // within seconds, so the demo never shows a return that waits for a triage that will not come.
  // (No random draw here: the rest of the demo data stays what it was.)
  if (plan.fate === "triage" && rules.outcome === "pending_review") {
    const decidedAt = plan.createdAt + 3_000;
    const recommendation = recommendFromRules(decisionInput, rules);
    timeline.push(
      {
        action: "decided",
        actorType: "rules",
        actorId: `policy:v${POLICY_VERSION}`,
        message: rules.explanation,
        data: { outcome: rules.outcome, reasons: rules.reasons, riskScore: rules.risk.score, policyVersion: POLICY_VERSION },
        createdAt: new Date(decidedAt),
      },
      {
        action: "triaged",
        actorType: "rules",
        actorId: `policy:v${POLICY_VERSION}`,
        message: `Recommends ${recommendation.action.replace("_", " ")}: ${recommendation.reasoning}`,
        data: { recommendation },
        createdAt: new Date(decidedAt + 1_000),
      },
    );
    return {
      ...base,
      ...decided,
      status: "pending_review",
      decisionOutcome: "pending_review",
      decidedAt: new Date(decidedAt),
      decidedBy: "rules",
      aiRecommendation: recommendation,
      refundEstimate: refund.amount,
      refundedAmount: null,
      receivedAt: null,
      completedAt: null,
      cancelledAt: null,
      updatedAt: new Date(decidedAt + 1_000),
      timeline,
    };
  }

  const rulesAt = plan.createdAt + rng.int(2, 40) * 1000;
  timeline.push({
    action: "decided",
    actorType: "rules",
    actorId: `policy:v${POLICY_VERSION}`,
    message: rules.explanation,
    data: { outcome: rules.outcome, reasons: rules.reasons, riskScore: rules.risk.score, policyVersion: POLICY_VERSION },
    createdAt: new Date(rulesAt),
  });

  let status: DemoReturnStatus;
  let outcome: DemoDecisionOutcome = rules.outcome;
  let reasons = rules.reasons;
  let explanation = rules.explanation;
  let decidedAt = rulesAt;
  let decidedBy = "rules";
  let approvedAt: number | null = rules.outcome === "approved" ? rulesAt : null;
  let receivedAt: number | null = null;
  let completedAt: number | null = null;
  let cancelledAt: number | null = null;
  let refundedAmount: string | null = null;
  // What triage recommends without a model: the demo has none.
  const aiRecommendation = rules.outcome === "pending_review" ? recommendFromRules(decisionInput, rules) : null;

  if (rules.outcome === "denied") {
    status = "denied";
  } else if (rules.outcome === "pending_review" && plan.fate !== "review") {
    const latest = now - 30 * MINUTE;
    const at = Math.min(rulesAt + rng.between(5, 28) * HOUR, latest);
    if (at - rulesAt < HOUR) {
      status = "pending_review";
    } else if (plan.fate === "merchant_deny") {
      status = "denied";
      outcome = "denied";
      decidedAt = second(at);
      decidedBy = MERCHANT;
      reasons = [{ code: "merchant_decision", message: "Declined by the store after review." }];
      explanation = rules.reasons.some((r) => r.code === "evidence_required")
        ? "Declined after review: the shopper's photo shows wear from use rather than a manufacturing fault."
        : "Declined after review: the items are reported worn, and this customer returns most of what they order.";
    } else {
      status = "approved";
      outcome = "approved";
      decidedAt = second(at);
      decidedBy = MERCHANT;
      approvedAt = decidedAt;
      reasons = [{ code: "merchant_decision", message: "Approved by the store after review." }];
      explanation = rules.reasons.some((r) => r.code === "evidence_required")
        ? "Approved after review: the shopper's photo confirms the problem."
        : "Approved after review of the order and the customer's history.";
    }
    if (decidedBy === MERCHANT) {
      timeline.push({
        action: "decided",
        actorType: "merchant",
        actorId: "demo",
        message: explanation,
        data: { outcome, reasons },
        createdAt: new Date(decidedAt),
      });
    }
  } else {
    status = rules.outcome === "approved" ? "approved" : "pending_review";
  }

  if (status === "approved" && approvedAt !== null) {
    if (plan.fate === "complete") {
      const received = second(approvedAt + rng.between(3, 8) * DAY);
      const completed = second(received + rng.between(1, 40) * HOUR);
      if (completed < now - 10 * MINUTE) {
        status = "completed";
        receivedAt = received;
        completedAt = completed;
        refundedAmount = plan.resolution === "exchange" ? "0.00" : refund.amount;
        timeline.push({
          action: "received",
          actorType: "merchant",
          actorId: "demo",
          message: `Received ${plan.items.length} ${itemWord} at the warehouse.`,
          data: {},
          createdAt: new Date(received),
        });
        const completion = {
          refund: `Refunded ${dollars(parseCents(refund.amount))} to the original payment method.`,
          store_credit: `Issued ${dollars(parseCents(refund.amount))} store credit, including a ${dollars(parseCents(refund.storeCreditBonus))} bonus.`,
          exchange: "Shipped the replacement.",
        }[plan.resolution];
        timeline.push({
          action: "completed",
          actorType: "merchant",
          actorId: "demo",
          message: completion,
          data: { resolution: plan.resolution, amount: refundedAmount },
          createdAt: new Date(completed),
        });
      }
    } else if (plan.fate === "cancel_shopper" || plan.fate === "cancel_expired") {
      const byShopper = plan.fate === "cancel_shopper";
      const at = second(approvedAt + (byShopper ? rng.between(0.5, 4) * DAY : 14 * DAY + rng.between(1, 6) * HOUR));
      if (at < now - 10 * MINUTE) {
        status = "cancelled";
        cancelledAt = at;
        timeline.push({
          action: "cancelled",
          actorType: byShopper ? "shopper" : "system",
          actorId: byShopper ? email : null,
          message: byShopper
            ? rng.pick(["Shopper cancelled: decided to keep it after all.", "Shopper cancelled: a friend is buying it from them."])
            : "Cancelled: the return label was not used within 14 days.",
          data: {},
          createdAt: new Date(at),
        });
      }
    }
  }

  const updatedAt = Math.max(...timeline.map((entry) => entry.createdAt.getTime()));
  return {
    ...base,
    ...decided,
    status,
    decisionOutcome: outcome,
    decisionReasons: reasons,
    decisionExplanation: explanation,
    decidedAt: new Date(decidedAt),
    decidedBy,
    aiRecommendation,
    refundEstimate: status === "denied" ? "0.00" : refund.amount,
    refundedAmount,
    receivedAt: receivedAt === null ? null : new Date(receivedAt),
    completedAt: completedAt === null ? null : new Date(completedAt),
    cancelledAt: cancelledAt === null ? null : new Date(cancelledAt),
    updatedAt: new Date(updatedAt),
    timeline,
  };
}

// ---------------------------------------------------------------------------------------------
// Risk profiles

// Derived by the app's own rule, as the triage job leaves them after each customer's latest return.
function buildRiskProfiles(drafts: readonly OrderDraft[], returns: readonly DemoReturn[]): DemoRiskProfile[] {
  const byEmail = new Map<string, DemoReturn[]>();
  for (const r of returns) if (r.status !== "cancelled") byEmail.set(r.customerEmail, [...(byEmail.get(r.customerEmail) ?? []), r]);
  const profiles: DemoRiskProfile[] = [];
  for (const [email, own] of byEmail) {
    const newestFirst = [...own].sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime());
    const profile = deriveRiskProfile(newestFirst, drafts.filter((d) => d.customer.email === email).length);
    if (profile) profiles.push({ email, ...profile });
  }
  return profiles.sort((a, b) => (a.email < b.email ? -1 : 1));
}

// ---------------------------------------------------------------------------------------------
// Conversations

type Script = [DemoMessage["role"], string, { author?: string; sources?: string[]; tools?: DemoMessage["toolCalls"]; internal?: boolean }?][];

function articleSource(slug: string) {
  const article = DEMO_ARTICLES.find((a) => a.slug === slug);
  if (!article) throw new Error(`Unknown demo article ${slug}`);
  return { type: "article" as const, ref: slug, title: article.title };
}

function conversation(
  rng: Rng,
  key: string,
  startedAt: number,
  script: Script,
  fields: Partial<DemoConversation> & Pick<DemoConversation, "status" | "subject">,
): DemoConversation {
  let at = second(startedAt);
  const messages: DemoMessage[] = script.map(([role, text, extra], index) => {
    if (index > 0) at = second(at + (role === "ai" ? rng.int(3, 9) * 1000 : rng.int(40, 240) * 1000));
    return {
      role,
      text,
      internal: extra?.internal ?? false,
      authorName: extra?.author ?? (role === "ai" ? "Dani" : null),
      sources: extra?.sources?.map(articleSource) ?? null,
      toolCalls: extra?.tools ?? null,
      createdAt: new Date(at),
    };
  });
  const firstReply = messages.find((m) => m.role === "ai" || m.role === "agent");
  const last = messages[messages.length - 1];
  return {
    key,
    channel: "chat",
    customerEmail: null,
    customerName: null,
    assigneeId: null,
    assigneeName: null,
    aiActive: true,
    summary: null,
    unreadCount: 0,
    handoffCount: 0,
    handedOffAt: null,
    snoozedUntil: null,
    firstResponseAt: firstReply?.createdAt ?? null,
    resolvedAt: null,
    resolvedByAi: null,
    satisfaction: null,
    lastMessageAt: last?.createdAt ?? new Date(startedAt),
    createdAt: new Date(second(startedAt)),
    updatedAt: last?.createdAt ?? new Date(startedAt),
    messages,
    ...fields,
  };
}

function buildConversations(rng: Rng, now: number, drafts: readonly OrderDraft[], returns: DemoReturn[], customers: readonly Customer[]) {
  const withReturns = new Set(returns.map((r) => r.customerEmail));
  const quiet = customers.filter((c) => !c.serialReturner && !withReturns.has(c.email));
  const pool = quiet.length >= 4 ? quiet : customers.filter((c) => !c.serialReturner);
  const [sizing, parcel, stock] = rng.shuffle(pool);
  if (!sizing || !parcel || !stock) throw new Error("Not enough demo customers for conversations");
  const conversations: DemoConversation[] = [];

  // A sizing question the assistant settles on its own.
  const sizingAt = now - rng.between(6, 9) * DAY;
  const sizingChat = conversation(rng, "conversation-sizing", sizingAt, [
      ["customer", "Hi! I'm between a 28 and a 30 in most brands. Which size should I get in the Straight Leg Jean?"],
      ["ai", "Good question! The Straight Leg Jean has 1% stretch and gives about half an inch with wear, so if you're between two sizes we suggest the smaller one, a 28. The inseam is 32\".", { sources: ["size-guide-jeans"] }],
      ["customer", "Perfect. And if it doesn't fit, can I swap it?"],
      ["ai", "Yes. You can exchange it for another size within 30 days of delivery, as long as it's unworn with the tags on. Start from the Returns page with your order number and email, and the new size ships as soon as your parcel is scanned. US exchanges are free both ways.", { sources: ["exchanges", "return-policy"] }],
      ["customer", "Great, ordering now. Thanks Dani!"],
      ["system", "Conversation closed by the shopper. Rating: 5 out of 5."],
    ], {
      status: "closed",
      subject: "Which jeans size?",
      customerEmail: sizing.email,
      customerName: sizing.name,
      resolvedByAi: true,
      satisfaction: 5,
      summary: "Shopper between sizes 28 and 30; advised size 28 in the Straight Leg Jean and explained free exchanges.",
    });
  sizingChat.resolvedAt = sizingChat.lastMessageAt;
  conversations.push(sizingChat);

  // A parcel marked delivered that never arrived: the assistant hands over to a person.
  const parcelOrder = drafts
    .filter((d) => d.customer === parcel && d.deliveredAt !== null && d.deliveredAt < now - 6 * HOUR)
    .sort((a, b) => (b.deliveredAt ?? 0) - (a.deliveredAt ?? 0))[0];
  const parcelName = parcelOrder?.name ?? "my last order";
  const deliveredOn = parcelOrder?.deliveredAt ?? now - 2 * DAY;
  const parcelAt = Math.min(deliveredOn + rng.between(14, 20) * HOUR, now - 4 * HOUR);
  const handoff = conversation(rng, "conversation-missing-parcel", parcelAt, [
    ["customer", `Hi, tracking says order ${parcelName} was delivered on ${shortDate(deliveredOn)} but there's nothing here.`],
    ["ai", "I'm sorry, that's frustrating. To look it up, could you confirm the email address on the order?"],
    ["customer", parcel.email],
    ["ai", `Thanks, ${firstName(parcel.name)}. Order ${parcelName} was scanned as delivered. Sometimes parcels are scanned early or left with a neighbour, so it's worth checking around your building. If it hasn't turned up, I'll bring in someone from our team to open a trace with the carrier.`, { sources: ["order-tracking"], tools: [{ name: "lookup_order", arguments: { orderName: parcelName } }] }],
    ["customer", "I've checked everywhere. Can I talk to a person please?"],
    ["system", "Handed off to Priya Shah."],
    ["agent", `Hi ${firstName(parcel.name)}, Priya here. I've opened a trace with the carrier and asked the driver for the drop-off photo. I'll update you by tomorrow midday; if it's really lost we'll send a replacement straight away.`, { author: "Priya Shah" }],
    ["customer", "Thank you Priya. The porch is shared with my neighbour so I'll ask them too."],
  ], {
    status: "open",
    subject: `Order ${parcelName} not received`,
    customerEmail: parcel.email,
    customerName: parcel.name,
    aiActive: false,
    assigneeId: "agent-priya",
    assigneeName: "Priya Shah",
    handoffCount: 1,
    unreadCount: 1,
    summary: "Parcel marked delivered but not received; Priya opened a carrier trace.",
  });
  const handoffMessage = handoff.messages.find((m) => m.role === "system");
  handoff.handedOffAt = handoffMessage ? handoffMessage.createdAt : null;
  conversations.push(handoff);

  // A shopper asking where their refund is, about a return the store approved.
  const approved = returns
    .filter((r) => r.status === "approved" && !r.customerEmail.includes("brooke") && r.decidedAt !== null)
    .sort((a, b) => (a.decidedAt?.getTime() ?? 0) - (b.decidedAt?.getTime() ?? 0))[0];
  if (approved?.decidedAt) {
    const decided = approved.decidedAt.getTime();
    const askedAt = Math.min(decided + rng.between(1, 3) * DAY, decided + (now - decided) / 2);
    const item = approved.items[0];
    const resolutionText = {
      refund: "the refund goes back to your original payment method; banks take 5–10 business days to show it",
      store_credit: "we email your store credit code, including the 10% bonus",
      exchange: "your replacement ships as soon as the carrier scans your parcel",
    }[approved.resolution];
    const chat = conversation(rng, "conversation-return-status", askedAt, [
      ["customer", `Hi, I'm returning the ${item?.title ?? "item"} from order ${approved.orderName}. When do I get my money back?`],
      ["ai", "I can check that for you. What's the email address on the order?"],
      ["customer", approved.customerEmail],
      ["ai", `Thanks, ${firstName(approved.customerName)}. Your return for order ${approved.orderName} was approved on ${shortDate(decided)}. Once it reaches our warehouse we check it within two business days, then ${resolutionText}. Your estimate is ${dollars(parseCents(approved.refundEstimate))}.`, { sources: ["refund-timing"], tools: [{ name: "get_return_status", arguments: { orderName: approved.orderName } }] }],
      ["customer", "Great, that's clear. Thanks!"],
    ], {
      status: "closed",
      subject: `Refund for ${approved.orderName}`,
      customerEmail: approved.customerEmail,
      customerName: approved.customerName,
      resolvedByAi: true,
      satisfaction: 4,
      summary: `Shopper asked about the refund for ${approved.orderName}; explained the timing of the approved return.`,
    });
    chat.resolvedAt = chat.lastMessageAt;
    approved.conversationKey = chat.key;
    conversations.push(chat);
  }

  // A visitor who hasn't ordered yet, asking about shipping to Canada.
  const visitorAt = now - rng.between(3, 20) * HOUR;
  conversations.push(
    conversation(rng, "conversation-canada", visitorAt, [
      ["customer", "Do you ship to Canada? How much is it?"],
      ["ai", "We do! Shipping to Canada is $14.95 and takes 6–10 business days after dispatch, and it's free on orders of $200 or more. The carrier may collect duties and sales tax on delivery.", { sources: ["international-shipping"] }],
      ["customer", "And if something doesn't fit, can I send it back from Canada?"],
      ["ai", "Yes, the same return windows apply: 30 days from delivery for most items. We can't send prepaid labels across the border, so you'd ship it back yourself with a tracked service, and choose a refund, store credit with a 10% bonus, or an exchange.", { sources: ["international-shipping", "return-policy"] }],
    ], { status: "open", subject: "Shipping to Canada", customerName: "Chloé", unreadCount: 0 }),
  );

  // An exchange waiting on a restock: snoozed until the stock arrives.
  const stockAt = now - rng.between(1, 2) * DAY;
  const snoozed = conversation(rng, "conversation-restock", stockAt, [
    ["customer", "I want to exchange my Wrap Midi Dress for a Large in Navy but it says sold out. Will it come back?"],
    ["ai", "Navy in Large is sold out right now. Our team expects a restock this week; I've asked them to let you know. Meanwhile your return window stays open, and store credit with a 10% bonus is another option.", { sources: ["exchanges"] }],
    ["customer", "I'll wait for the Navy, please let me know."],
    ["agent", "Restock of the Wrap Midi Dress lands Friday. Snoozing until then.", { author: "Marco Díaz", internal: true }],
  ], {
    status: "snoozed",
    subject: "Exchange for Wrap Midi Dress, Navy L",
    customerEmail: stock.email,
    customerName: stock.name,
    snoozedUntil: new Date(second(now + rng.between(1.5, 3) * DAY)),
    assigneeId: "agent-marco",
    assigneeName: "Marco Díaz",
  });
  conversations.push(snoozed);

  // A size change asked for after the one-hour window, waiting for the shopper's answer.
  const recent = drafts
    .filter((d) => !d.customer.serialReturner && d.lines.some((l) => l.product.variants.length > 1 && !isGiftCard(l.product)))
    .sort((a, b) => b.processedAt - a.processedAt)[0];
  if (recent) {
    const line = recent.lines.find((l) => l.product.variants.length > 1 && !isGiftCard(l.product)) as Line;
    const other = line.product.variants.find((v) => v !== line.variant) ?? line.variant;
    const askedAt = Math.min(recent.processedAt + rng.between(75, 110) * MINUTE, now - 8 * MINUTE);
    conversations.push(
      conversation(rng, "conversation-change-order", askedAt, [
        ["customer", `I just ordered the ${line.product.title} in ${line.variant.title} but meant to get ${other.title}. Can you change it?`],
        ["ai", "I can look into it. What's the email address you ordered with?"],
        ["customer", recent.customer.email],
        ["ai", `Thanks, ${firstName(recent.customer.name)}. Order ${recent.name} was placed more than an hour ago, so it's already with our warehouse and I can't change it. When it arrives you can exchange it for ${other.title} for free from the Returns page, and the new one ships as soon as your parcel is scanned. Would you like me to note the size you want?`, { sources: ["change-or-cancel-order", "exchanges"], tools: [{ name: "lookup_order", arguments: { orderName: recent.name } }] }],
      ], {
        status: "pending",
        subject: `Change size on ${recent.name}`,
        customerEmail: recent.customer.email,
        customerName: recent.customer.name,
      }),
    );
  }
  return conversations;
}

// ---------------------------------------------------------------------------------------------
// Articles

function buildArticles(now: number): DemoArticle[] {
  return DEMO_ARTICLES.map((article, index) => {
    const createdAt = new Date(second(now - (160 - index) * DAY));
    const published = article.status === "published";
    const updatedAt = published && index % 4 === 0 ? new Date(second(now - (40 + index) * DAY)) : createdAt;
    return {
      slug: article.slug,
      title: article.title,
      body: article.body,
      status: article.status,
      tags: [...article.tags],
      publishedAt: published ? createdAt : null,
      createdAt,
      updatedAt,
    };
  });
}

// ---------------------------------------------------------------------------------------------

/** Builds the demo store's whole history relative to `now`; the same inputs give the same output. */
export function generateDemoData({ now, seed = DEFAULT_DEMO_SEED }: GenerateDemoDataOptions): DemoData {
  const rng = createRng(seed);
  const nowMs = second(now.getTime());
  const customers = generateCustomers(rng, 80);
  const [brooke, damon, ...regulars] = customers;
  if (!brooke || !damon) throw new Error("Serial returners missing");

  const drafts: OrderDraft[] = [
    ...serialDrafts(rng, nowMs, brooke, BROOKE_RETURNS, [22]),
    ...serialDrafts(rng, nowMs, damon, DAMON_RETURNS, [95]),
  ];
  // Each scripted return gets its own customer, so ordinary customers never look like repeat returners.
  const shuffled = rng.shuffle(regulars);
  let next = 0;
  for (const scenario of SCENARIOS) {
    for (let i = 0; i < scenario.count; i++) {
      const customer = shuffled[next++ % shuffled.length] as Customer;
      drafts.push(scriptedDraft(rng, nowMs, scenario, customer));
    }
  }
  const ordered = new Set(drafts.map((d) => d.customer));
  for (const customer of regulars) {
    if (!ordered.has(customer)) drafts.push(fillerDraft(rng, nowMs, customer));
  }
  while (drafts.length < ORDER_COUNT) {
    drafts.push(fillerDraft(rng, nowMs, rng.weighted(regulars, (c) => c.weight)));
  }
  // A couple of older parcels went by untracked post and never got a delivery date.
  const untracked = drafts.filter((d) => !d.plan && d.deliveredAt !== null && d.processedAt < nowMs - 30 * DAY);
  for (const draft of rng.shuffle(untracked).slice(0, 2)) draft.deliveredAt = null;

  drafts.sort((a, b) => a.processedAt - b.processedAt);
  let lineId = 9001;
  drafts.forEach((draft, index) => {
    draft.id = String(5001 + index);
    draft.name = `#${1001 + index}`;
    for (const line of draft.lines) line.id = String(lineId++);
  });

  const planned = drafts
    .filter((d): d is OrderDraft & { plan: ReturnPlan } => d.plan !== null)
    .sort((a, b) => a.plan.createdAt - b.plan.createdAt);
  const orders = drafts.map(toOrderInput);
  const returns: DemoReturn[] = [];
  planned.forEach((draft, index) => {
    returns.push(
      buildReturn({ rng, now: nowMs, key: `return-${String(index + 1).padStart(3, "0")}`, draft, plan: draft.plan, sofar: { orders, returns } }),
    );
  });

  const conversations = buildConversations(rng, nowMs, drafts, returns, customers);
  return {
    shopName: DEMO_SHOP_NAME,
    currency: DEMO_CURRENCY,
    catalog: DEMO_CATALOG,
    customers: customers.map(({ name, email, serialReturner }) => ({ name, email, serialReturner })),
    orders,
    returns,
    riskProfiles: buildRiskProfiles(drafts, returns),
    conversations,
    articles: buildArticles(nowMs),
  };
}
