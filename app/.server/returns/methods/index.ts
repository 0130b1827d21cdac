/** Return methods: how an approved return's items get back to the store (or do not need to). */
export { nextStepOf, planNextStep, RETURN_METHODS, type PlanNextStepInput } from "./plan-next-step";
export { addDays, dateInWords, localDate } from "./shop-dates";
export type { DropOffLocation, MethodContext, NextStep, NextStepOption, ReturnMethod, ReturnMethodKind } from "./types";
export { nextStepFor, stepAtApproval } from "./step-for-return";
