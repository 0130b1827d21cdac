import { z } from "zod";
import type { ShopperContext } from "../../shops/shop-context";

/**
 * A tool of the assistant, defined once for every caller: the web chat's model and its guided flow
 * today, a voice agent's webhook tools and the MCP server tomorrow. Authorization lives in the tools,
 * never in a prompt: an order is looked up only with proof the shopper gave, later tools act only on
 * the order so proved, and returns go through the portal's own service, where the policy decides.
 */

/** The order a shopper proved is theirs, with the email that proved it (or the order's email, when the sender's phone proved it). */
export const VerifiedOrderSchema = z.object({
  orderId: z.string(),
  orderName: z.string(),
  /** The order's email; empty for an order proved by phone that has none. */
  email: z.string(),
  /** The sender's number (E.164) when the order was proved by carrying it, on a channel that proved it (WhatsApp). */
  phone: z.string().max(20).optional(),
  verifiedAt: z.string(),
  /** The name on the order, when the platform gives one. */
  customerName: z.string().max(255).nullish(),
});
export type VerifiedOrder = z.infer<typeof VerifiedOrderSchema>;

/** What a tool knows of the shopper it works for; the caller keeps it between turns. */
export type ToolContext = ShopperContext & {
  /** Everything the shopper wrote or said in this conversation, oldest first (the current message included). */
  customerTexts: string[];
  /**
   * On a channel whose replies go to an address (email), that address: the only one an order can be
   * proved with, and given by the channel, so the shopper need only write the order number.
   */
  senderEmail?: string;
  /**
   * On a channel whose provider proves the sender's number (WhatsApp: Twilio signs the sender),
   * that number in E.164: an order that carries it is proved by its number alone.
   */
  senderPhone?: string;
  /** The order proved so far; `lookup_order` sets it and the tools after it act on it only. */
  verifiedOrder?: VerifiedOrder;
  /** Keeps a newly proved (or vanished) order for later turns; without it the proof lasts as long as this context. */
  rememberVerifiedOrder?: (order: VerifiedOrder | undefined) => Promise<void>;
  /**
   * In a conversation, a return is started only once the shopper confirmed its summary: the first
   * `start_return` call records the request (`pending`) and answers the summary to show; the same
   * request is started when the shopper's latest message confirms it. Without it, returns start at once.
   */
  returnConfirmation?: { pending: string | undefined; confirmed: boolean; remember(pending: string | undefined): Promise<void> };
  /** The conversation the shopper is in, if any: a return started from it is linked to it. */
  conversationId?: string;
  now?: Date;
};

/** A knowledge-base source of an answer. */
export type Source = { articleId: string; title: string };

/** A return the policy decided while the assistant asked for it. */
/** A return the policy decided in this turn; `statusUrl` opens its status page (the shopper's way back to it). */
export type ReturnDecision = { returnId: string; orderName: string; status: string; outcome: string; explanation: string; amount: string; currency: string; resolution: string; statusUrl?: string };

/** A return the shopper is asked to confirm before it is requested: what Dokani shows, in figures. */
export type PendingReturnView = {
  orderName: string;
  items: Array<{ lineItemId: string; title: string; variant: string | null; quantity: number; reason: string; /** For an exchange: the replacement chosen ("Linen Shirt (L / White)"). */ replacement?: string }>;
  resolution: string;
  estimate: { amount: string; currency: string };
};

/** What a tool did: the result the model reads, a one-line summary for the inbox, and effects for the turn. */
export type ToolOutcome = {
  ok: boolean;
  result: Record<string, unknown>;
  summary: string;
  sources?: Source[];
  handoff?: { reason: string };
  returnDecision?: ReturnDecision;
  /** A return summarised for the shopper's confirmation (nothing requested yet). */
  pendingReturn?: PendingReturnView;
};

/** One tool call as the inbox shows it on the AI message (`messages.toolCalls`). */
export type ToolCallRecord = { id: string; name: string; arguments: unknown; ok: boolean; summary: string };

/** A tool: its name and description for a model, its arguments' schema (a model's output is checked like any HTTP body) and what it does. */
export type Tool<Args extends z.ZodType = z.ZodType> = {
  name: string;
  description: string;
  args: Args;
  run(ctx: ToolContext, args: z.output<Args>): Promise<ToolOutcome>;
};

/** A tool with its argument types inferred from its schema. */
export function defineTool<Args extends z.ZodType>(tool: Tool<Args>): Tool<Args> {
  return tool;
}
