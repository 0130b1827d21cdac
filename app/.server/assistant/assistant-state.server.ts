import { z } from "zod";
import { metadataSlice } from "../conversations/metadata-slice.server";
import { RESOLUTIONS, RETURN_REASONS } from "../returns/types";
import { VerifiedOrderSchema, type VerifiedOrder } from "./tools/tool";

export { VerifiedOrderSchema, type VerifiedOrder };

/**
 * What the assistant remembers of a conversation, in its own keys of `conversations.metadata`: the
 * order being discussed (`verifiedOrder`, the one most recently proved or named) and every order the
 * shopper proved, the guided flow's state when there is no model, whether it offered a person or a
 * return, the return waiting for the shopper's confirmation, and the take-over notice already given. Whatever the channel, the same state.
 */

/** How many proved orders a conversation remembers. */
export const MAX_VERIFIED_ORDERS = 10;

export const FlowSchema = z.object({
  intent: z.enum(["order_status", "return"]),
  step: z.enum(["order_number", "email", "items", "reason", "resolution", "confirm"]),
  orderNumber: z.string().max(32).optional(),
  /** The sender's proved number was tried for `orderNumber` and does not prove it: the email is asked for. */
  phoneTried: z.boolean().optional(),
  options: z.array(z.string()).max(100).optional(),
  itemIds: z.array(z.string()).max(100).optional(),
  reason: z.enum(RETURN_REASONS).optional(),
  resolutions: z.array(z.enum(RESOLUTIONS)).optional(),
  resolution: z.enum(RESOLUTIONS).optional(),
});
export type Flow = z.infer<typeof FlowSchema>;

/** The assistant's state of one conversation: read with `assistantState.read`, changed with `assistantState.update`. */
export const assistantState = metadataSlice({
  verifiedOrder: VerifiedOrderSchema.optional(),
  verifiedOrders: z.array(VerifiedOrderSchema).max(MAX_VERIFIED_ORDERS).optional(),
  flow: FlowSchema.optional(),
  offeredHandoff: z.boolean().optional(),
  offeredReturn: z.boolean().optional(),
  pendingReturn: z.string().max(100).optional(),
  takeoverNotice: z.object({ key: z.string(), messageId: z.uuid() }).optional(),
  /** The per-channel AI's notice (away, or the team will answer) already given, keyed by kind and local day. */
  channelNotice: z.object({ key: z.string(), messageId: z.uuid() }).optional(),
});
export type AssistantState = ReturnType<typeof assistantState.read>;
