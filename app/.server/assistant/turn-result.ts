import type { ReturnDecision, Source, ToolCallRecord } from "./tools/tool";

/** What a turn produced, with or without a model. */
export type TurnResult = {
  text: string;
  toolCalls: ToolCallRecord[];
  sources: Source[];
  handoff?: { reason: string };
  returnDecision?: ReturnDecision;
};
