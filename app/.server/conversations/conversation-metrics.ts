/** The response-time figures of one conversation, in whole seconds; null where the event has not happened. */
export type ConversationMetrics = {
  firstResponseSeconds: number | null;
  resolutionSeconds: number | null;
  handoffs: number;
  resolvedByAi: boolean | null;
  satisfaction: number | null;
};

type Times = {
  createdAt: Date;
  firstResponseAt: Date | null;
  resolvedAt: Date | null;
  handoffCount: number;
  resolvedByAi: boolean | null;
  satisfaction: number | null;
};

const seconds = (from: Date, to: Date | null) => (to ? Math.max(0, Math.round((to.getTime() - from.getTime()) / 1000)) : null);

/** The metrics the inbox shows and analytics aggregate, from the conversation's own columns. */
export function conversationMetrics(conversation: Times): ConversationMetrics {
  return {
    firstResponseSeconds: seconds(conversation.createdAt, conversation.firstResponseAt),
    resolutionSeconds: seconds(conversation.createdAt, conversation.resolvedAt),
    handoffs: conversation.handoffCount,
    resolvedByAi: conversation.resolvedByAi,
    satisfaction: conversation.satisfaction,
  };
}
