import type { Conversation, Shop } from "../db.server";
import { whatsAppSlice } from "../channels/whatsapp/whatsapp-conversation";
import { normalisePhone } from "../contacts/identities";
import { runInTransaction } from "../jobs/enqueue-job";
import { SHOPPER_ACTOR } from "../shops/shop-context";
import { assistantState, MAX_VERIFIED_ORDERS, type AssistantState, type VerifiedOrder } from "./assistant-state.server";
import { detectIntent, findOrderNumber } from "./intents";
import type { ToolContext } from "./tools";

/** One conversation as the assistant works in it: what its tools know, and its own state, saved as it changes. */
export type AssistantSession = {
  tools: ToolContext;
  state: AssistantState;
  save(change: (state: AssistantState) => AssistantState): Promise<void>;
};

function sameOrder(a: string, b: string) {
  return a.replace(/^#/, "").toLowerCase() === b.replace(/^#/, "").toLowerCase();
}

/** The orders the shopper proved in this conversation, the one being discussed included. */
export function provedOrders(state: AssistantState): VerifiedOrder[] {
  const list = [...(state.verifiedOrders ?? [])];
  if (state.verifiedOrder && !list.some((o) => o.orderId === state.verifiedOrder!.orderId)) list.push(state.verifiedOrder);
  return list;
}

/** The proved order a message names, if it names one. */
export function namedProvedOrder(state: AssistantState, text: string): VerifiedOrder | undefined {
  const number = findOrderNumber(text);
  return number ? provedOrders(state).find((o) => sameOrder(o.orderName, number)) : undefined;
}

/**
 * The assistant's session of one conversation for one turn: its state read from the conversation's
 * metadata, and tools that keep every proved order in that state, the latest one being the order
 * discussed, whatever the channel. `onVerified` hears of each order proved (to name the shopper).
 */
export function openAssistantSession(
  shop: Shop,
  conversation: Pick<Conversation, "id" | "metadata"> & Partial<Pick<Conversation, "channel" | "customerEmail">>,
  options: { clientAddress: string; customerTexts: string[]; now?: Date; onVerified?: (order: VerifiedOrder) => Promise<void> },
): AssistantSession {
  const state = assistantState.read(conversation.metadata);
  const latest = options.customerTexts.at(-1) ?? "";
  // Only the signed webhook writes the WhatsApp slice: its phone is the sender Twilio vouched for.
  const senderPhone = conversation.channel === "whatsapp" ? (normalisePhone(whatsAppSlice.read(conversation.metadata).whatsapp?.phone) ?? undefined) : undefined;
  const session: AssistantSession = {
    state,
    tools: {
      shop,
      actor: SHOPPER_ACTOR,
      conversationId: conversation.id,
      clientAddress: options.clientAddress,
      customerTexts: options.customerTexts,
      ...(conversation.channel === "email" ? { senderEmail: conversation.customerEmail?.toLowerCase() ?? "" } : {}),
      ...(senderPhone ? { senderPhone } : {}),
      verifiedOrder: state.verifiedOrder,
      now: options.now,
      rememberVerifiedOrder: async (order) => {
        await session.save((current) => ({
          ...current,
          verifiedOrder: order,
          pendingReturn: undefined,
          verifiedOrders: order
            ? [...provedOrders(current).filter((o) => o.orderId !== order.orderId), order].slice(-MAX_VERIFIED_ORDERS)
            : provedOrders(current).filter((o) => o.orderId !== current.verifiedOrder?.orderId),
        }));
        if (order) await options.onVerified?.(order);
      },
      returnConfirmation: {
        pending: state.pendingReturn,
        confirmed: detectIntent(latest) === "yes",
        remember: (pending) => session.save((current) => ({ ...current, pendingReturn: pending })),
      },
    },
    async save(change) {
      session.state = await runInTransaction((tx) => assistantState.update(tx, shop.id, conversation.id, change));
      session.tools.verifiedOrder = session.state.verifiedOrder;
      if (session.tools.returnConfirmation) session.tools.returnConfirmation.pending = session.state.pendingReturn;
    },
  };
  return session;
}

/** Moves the conversation to a proved order the shopper names in `text`; returns it when it changed. */
export async function focusNamedOrder(session: AssistantSession, text: string): Promise<VerifiedOrder | undefined> {
  const named = namedProvedOrder(session.state, text);
  if (!named || named.orderId === session.state.verifiedOrder?.orderId) return undefined;
  await session.save((current) => ({ ...current, verifiedOrder: named, pendingReturn: undefined }));
  return named;
}
