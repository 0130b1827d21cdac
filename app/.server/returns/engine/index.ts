/** The return decision engine: pure functions over plain values, no I/O. */
export { decideReturn } from "./decide-return";
export { estimateRefund } from "./estimate-refund";
export { type LineReturnability, lineReturnability, notDeliveredMessage } from "./line-returnability";
export { type RecommendationInput, recommendFromRules } from "./recommend-from-rules";
