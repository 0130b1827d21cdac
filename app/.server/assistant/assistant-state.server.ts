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
  step: z.enum(["order_number", "email", "items", "reason", "resolution", "replacement", "confirm"]),
  orderNumber: z.string().max(32).optional(),
  /** The sender's proved number was tried for `orderNumber` and does not prove it: the email is asked for. */
  phoneTried: z.boolean().optional(),
  options: z.array(z.string()).max(100).optional(),
  itemIds: z.array(z.string()).max(100).optional(),
  reason: z.enum(RETURN_REASONS).optional(),
  resolutions: z.array(z.enum(RESOLUTIONS)).optional(),
  resolution: z.enum(RESOLUTIONS).optional(),
  /** The shopper asked for another size or colour: the flow goes from the reason straight to the replacement. */
  exchange: z.boolean().optional(),
  /** The replacement chosen for each item of an exchange, by line item id. */
  replacements: z.record(z.string(), z.object({ variantId: z.string().max(255), productId: z.string().max(255).optional() })).optional(),
  /** The replacements offered for `offerFor`, in the numbered order the shopper answers from. */
  offers: z.array(z.object({ variantId: z.string().max(255), productId: z.string().max(255).optional() })).max(100).optional(),
  offerFor: z.string().max(64).optional(),
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
