import { DEFAULT_POLICY_RULES } from "../../app/.server/policies/default-policy";
import { type PolicyRules, parsePolicyRules } from "../../app/.server/policies/policy-rules";
import { decideReturn } from "../../app/.server/returns/engine";
import { formatCents, parseCents } from "../../app/.server/money";
import type { CustomerHistory, DecisionInput, OrderLine, Resolution, ReturnReason, ReturnStatus } from "../../app/.server/returns/types";
import { type Figure, type Suite, quantile, round } from "../figures";

const DAY = 86_400_000;
const NOW = Date.UTC(2026, 11, 1, 12);
const INPUTS = 2_000;
const WARM_UP = 200_000;
const BATCH = 100_000;
const BATCHES = Number(process.env.BENCH_ENGINE_BATCHES ?? 12);
const LATENCY_SAMPLES = 200_000;

/** A small seeded generator (mulberry32): the same inputs on every run. */
function random(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const CATALOG: Array<Pick<OrderLine, "title" | "unitPrice" | "productType" | "tags">> = [
  { title: "Linen Shirt", unitPrice: "49.00", productType: "Shirts", tags: ["summer", "linen"] },
  { title: "Oxford Shirt", unitPrice: "59.50", productType: "Shirts", tags: ["core"] },
  { title: "Chino Shorts", unitPrice: "39.99", productType: "Shorts", tags: ["summer"] },
  { title: "Sea Swimsuit", unitPrice: "64.00", productType: "Swimwear", tags: ["summer"] },
  { title: "Wool Scarf", unitPrice: "35.00", productType: "Accessories", tags: ["holiday", "winter"] },
  { title: "Trail Sneakers", unitPrice: "129.00", productType: "Shoes", tags: ["core", "outdoor"] },
  { title: "Rain Jacket", unitPrice: "189.00", productType: "Outerwear", tags: ["outdoor"] },
  { title: "Cotton Socks 3-pack", unitPrice: "14.95", productType: "Socks", tags: [] },
];
const BLOCKED: Array<Pick<OrderLine, "title" | "unitPrice" | "productType" | "tags">> = [
  { title: "Outlet Tee", unitPrice: "12.00", productType: "T-Shirts", tags: ["final-sale"] },
  { title: "Gift Card $50", unitPrice: "50.00", productType: "Gift Card", tags: [] },
];
const REASONS: ReturnReason[] = ["size_too_small", "size_too_large", "size_too_small", "changed_mind", "not_as_described", "damaged", "defective", "wrong_item", "arrived_late", "other"];
const RESOLUTIONS: Resolution[] = ["refund", "refund", "store_credit", "exchange"];
const STATUSES: ReturnStatus[] = ["approved", "approved", "completed", "denied", "cancelled", "pending_review"];

/** A realistic mix: most requests are ordinary, some late, some final sale, some from frequent returners. */
function buildInputs(): DecisionInput[] {
  const next = random(42);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(next() * list.length)]!;
  const int = (min: number, max: number) => min + Math.floor(next() * (max - min + 1));
  const policies: PolicyRules[] = [
    parsePolicyRules(DEFAULT_POLICY_RULES),
    parsePolicyRules({ ...structuredClone(DEFAULT_POLICY_RULES), restockingFeePercent: 15, windowStartsFrom: "order", blockedEmails: ["fraud@example.com"] }),
    parsePolicyRules({ ...structuredClone(DEFAULT_POLICY_RULES), allowedResolutions: ["store_credit", "exchange"], autoApprove: { enabled: true, maxOrderValue: "150.00", maxRiskScore: 0.3 } }),
  ];
  const inputs: DecisionInput[] = [];
  for (let n = 0; n < INPUTS; n++) {
    const lineCount = next() < 0.6 ? 1 : int(2, 5);
    const lineItems: OrderLine[] = [];
    let total = 0;
    for (let i = 0; i < lineCount; i++) {
      // Final-sale and gift-card lines are a small share of what shoppers try to send back.
      const product = next() < 0.06 ? pick(BLOCKED) : pick(CATALOG);
      const quantity = int(1, 3);
      total += parseCents(product.unitPrice) * quantity;
      lineItems.push({ id: `${n}-${i}`, variantTitle: "M", sku: `SKU-${i}`, quantity, returnableQuantity: quantity, ...product, tags: [...product.tags] });
    }
    // Most requests come within a few weeks of delivery; about one in ten arrives after the window.
    const processedAt = NOW - (next() < 0.9 ? int(2, 30) : int(31, 60)) * DAY - int(0, DAY - 1);
    const delivered = next() < 0.85;
    const priors: CustomerHistory["priorReturns"] = [];
    const priorCount = next() < 0.7 ? int(0, 1) : int(2, 8);
    for (let i = 0; i < priorCount; i++) {
      priors.push({ createdAt: new Date(NOW - int(1, 200) * DAY), orderId: `p${i}`, status: pick(STATUSES), reasons: [pick(REASONS)], value: "45.00" });
    }
    const requested = lineItems.slice(0, next() < 0.7 ? 1 : int(1, lineCount));
    inputs.push({
      rules: pick(policies),
      policyVersion: 1,
      now: new Date(NOW),
      order: {
        id: `o${n}`,
        name: `#${1000 + n}`,
        email: next() < 0.02 ? "fraud@example.com" : `shopper${n}@example.com`,
        currency: "USD",
        totalPrice: formatCents(total),
        processedAt: new Date(processedAt),
        deliveredAt: delivered ? new Date(processedAt + int(1, 6) * DAY) : null,
        lineItems,
      },
      items: requested.map((line) => ({
        lineItemId: line.id,
        quantity: int(1, line.returnableQuantity),
        reason: pick(REASONS),
        condition: next() < 0.2 ? "worn" : "unworn",
      })),
      resolution: pick(RESOLUTIONS),
      evidenceCount: next() < 0.4 ? 1 : 0,
      history: {
        orderCount: priorCount + int(1, 6),
        priorReturns: priors,
        requestsOnThisOrder: next() < 0.1 ? 1 : 0,
        emailsFromSameClient: next() < 0.05 ? int(3, 6) : 1,
        shopMedianOrderValue: "85.00",
      },
    });
  }
  return inputs;
}

/** Issue 3: how many return decisions one core makes per second, and how long one takes. */
export const engine: Suite = {
  name: "engine",
  description: "issue 3: decideReturn throughput and per-decision latency on one core, mixed inputs",
  async run() {
    const inputs = buildInputs();
    const outcomes = { approved: 0, pending_review: 0, denied: 0 };
    for (const input of inputs) outcomes[decideReturn(input).outcome]++;

    // The sink keeps the optimiser from discarding decisions nobody reads.
    let sink = 0;
    for (let i = 0; i < WARM_UP; i++) sink += decideReturn(inputs[i % INPUTS]!).reasons.length;

    const batchRates: number[] = [];
    let decided = 0;
    let elapsedNs = 0n;
    for (let b = 0; b < BATCHES; b++) {
      const started = process.hrtime.bigint();
      for (let i = 0; i < BATCH; i++) sink += decideReturn(inputs[(decided + i) % INPUTS]!).reasons.length;
      const took = process.hrtime.bigint() - started;
      elapsedNs += took;
      decided += BATCH;
      batchRates.push(BATCH / (Number(took) / 1e9));
    }
    const rate = decided / (Number(elapsedNs) / 1e9);

    const latencies = new Array<number>(LATENCY_SAMPLES);
    for (let i = 0; i < LATENCY_SAMPLES; i++) {
      const input = inputs[i % INPUTS]!;
      const started = process.hrtime.bigint();
      sink += decideReturn(input).reasons.length;
      latencies[i] = Number(process.hrtime.bigint() - started) / 1e6;
    }
    const p50 = quantile(latencies, 0.5);
    const p95 = quantile(latencies, 0.95);
    const p99 = quantile(latencies, 0.99);
    if (sink <= 0) throw new Error("decideReturn gave no reasons");
    const mix = `${INPUTS} distinct inputs: ${outcomes.approved} approved, ${outcomes.pending_review} review, ${outcomes.denied} denied`;

    const figures: Figure[] = [
      {
        issue: 3,
        name: "decideReturn throughput, one core",
        unit: "ops/s",
        value: Math.round(rate),
        median: Math.round(quantile(batchRates, 0.5)),
        samples: decided,
        target: "≥ 100000 ops/s",
        met: rate >= 100_000,
        note: `${BATCHES} batches of ${BATCH} after ${WARM_UP} warm-up; ${mix}`,
      },
      {
        issue: 3,
        name: "decideReturn latency per decision (p99)",
        unit: "ms",
        value: round(p99, 4),
        median: round(p50, 4),
        p95: round(p95, 4),
        samples: LATENCY_SAMPLES,
        target: "p99 ≤ 0.1 ms",
        met: p99 <= 0.1,
        note: `p50 ${round(p50, 4)} ms, p95 ${round(p95, 4)} ms, p99 ${round(p99, 4)} ms (each decision timed with process.hrtime.bigint)`,
      },
    ];
    return figures;
  },
};
