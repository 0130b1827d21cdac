import type { Conversation, Shop } from "../db.server";
import { runInTransaction } from "../jobs/enqueue-job";
import { SHOPPER_ACTOR } from "../shops/shop-context";
import { assistantState, type AssistantState } from "./assistant-state.server";
import type { ToolContext } from "./tools";

/** One conversation as the assistant works in it: what its tools know, and its own state, saved as it changes. */
export type AssistantSession = {
  tools: ToolContext;
  state: AssistantState;
  save(change: (state: AssistantState) => AssistantState): Promise<void>;
};

/**
 * The assistant's session of one conversation for one turn: its state read from the conversation's
 * metadata, and tools that keep a proved order in that state, whatever the channel.
 */
export function openAssistantSession(shop: Shop, conversation: Pick<Conversation, "id" | "metadata">, options: { clientAddress: string; customerTexts: string[]; now?: Date }): AssistantSession {
  const state = assistantState.read(conversation.metadata);
  const session: AssistantSession = {
    state,
    tools: {
      shop,
      actor: SHOPPER_ACTOR,
      conversationId: conversation.id,
      clientAddress: options.clientAddress,
      customerTexts: options.customerTexts,
      verifiedOrder: state.verifiedOrder,
      now: options.now,
      rememberVerifiedOrder: (order) => session.save((current) => ({ ...current, verifiedOrder: order })),
    },
    async save(change) {
      session.state = await runInTransaction((tx) => assistantState.update(tx, shop.id, conversation.id, change));
      session.tools.verifiedOrder = session.state.verifiedOrder;
    },
  };
  return session;
}
