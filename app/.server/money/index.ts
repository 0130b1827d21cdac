/**
 * Money in Dokani: exact integer cents inside, decimal strings ("49.00") at every boundary, never a
 * float. The storefront bundles keep a tiny copy of their own (size budgets) that runs the same test
 * vectors (tests/fixtures/money-vectors.json).
 */
export { allocateCents } from "./allocate-cents";
export { formatCents, formatCentsWithCode } from "./format-cents";
export { formatMoneyAmount } from "./format-money";
export { parseCents, type ExcessDecimals } from "./parse-cents";
export { percentOfCents, percentToBasisPoints } from "./percent-of-cents";
