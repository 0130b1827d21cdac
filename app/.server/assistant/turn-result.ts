import type { PendingReturnView, ReturnDecision, Source, ToolCallRecord } from "./tools/tool";

/** What a turn produced, with or without a model. */
export type TurnResult = {
  text: string;
  toolCalls: ToolCallRecord[];
  sources: Source[];
  handoff?: { reason: string };
  returnDecision?: ReturnDecision;
  /** A return summarised for the shopper to confirm this turn (nothing requested yet). */
  pendingReturn?: PendingReturnView;
  /** Short answers the shopper can tap instead of typing (reasons, resolutions, yes or no). */
  quickReplies?: string[];
};
