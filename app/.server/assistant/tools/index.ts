import { checkReturnEligibilityTool } from "./check-return-eligibility.server";
import { getReturnStatusTool } from "./get-return-status.server";
import { listExchangeOptionsTool } from "./list-exchange-options.server";
import { handOffToHumanTool } from "./hand-off-to-human";
import { lookupOrderTool } from "./lookup-order.server";
import { searchKnowledgeBaseTool } from "./search-knowledge-base.server";
import { startReturnTool } from "./start-return.server";
import type { Tool } from "./tool";

export type { Source, ToolCallRecord, ToolContext, ToolOutcome, VerifiedOrder } from "./tool";

/** Every tool of the assistant, in the order a model sees them. Other callers (voice webhooks, MCP) read the same table. */
export const TOOLS: ReadonlyArray<Tool> = [searchKnowledgeBaseTool, lookupOrderTool, getReturnStatusTool, checkReturnEligibilityTool, listExchangeOptionsTool, startReturnTool, handOffToHumanTool] as Tool[];
