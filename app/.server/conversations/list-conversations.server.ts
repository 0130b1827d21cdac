import { conversationLabels } from "../automation/conversation-labels.server";
import { PRIORITIES, TagSchema, type Priority } from "../automation/rule-schema";
import { slaForConversations } from "../automation/sla.server";
import type { SlaStatus } from "../automation/sla-timers";
import { z } from "zod";
import { decodeCursor, encodeCursor, keysetAfterDescending } from "../api/keyset-cursor";
import { db, type Prisma } from "../db.server";
import type { MerchantContext } from "../shops/shop-context";

export const CONVERSATION_TABS = ["open", "pending", "snoozed", "closed", "all"] as const;
export const CONVERSATION_CHANNELS = ["chat", "email", "whatsapp", "voice", "video"] as const;
export const ASSIGNEE_FILTERS = ["anyone", "me", "unassigned"] as const;

/** The inbox's query string; anything unknown falls back to the default rather than failing the page. */
export const conversationFiltersSchema = z.object({
  status: z.enum(CONVERSATION_TABS).catch("open"),
  channel: z.enum(CONVERSATION_CHANNELS).optional().catch(undefined),
  assignee: z.enum(ASSIGNEE_FILTERS).catch("anyone"),
  unread: z
    .enum(["1"])
    .optional()
    .catch(undefined)
    .transform((v) => v === "1"),
  q: z
    .string()
    .optional()
    .catch(undefined)
    .transform((v) => v?.trim().slice(0, 200) || undefined),
  cursor: z.string().max(300).optional().catch(undefined),
  tag: TagSchema.optional().catch(undefined),
  priority: z.enum(PRIORITIES).optional().catch(undefined),
});

export type ConversationFilters = z.infer<typeof conversationFiltersSchema>;

/** One row of the inbox. */
export type ConversationRow = {
  id: string;
  customerName: string | null;
  customerEmail: string | null;
  subject: string | null;
  preview: string | null;
  channel: string;
  status: "open" | "pending" | "snoozed" | "closed";
  assigneeName: string | null;
  aiActive: boolean;
  unreadCount: number;
  lastMessageAt: string;
  tags: string[];
  priority: Priority;
  /** The SLA timer that needs attention soonest (breached first, then at risk), or null when none does. */
  sla: { timer: "first_response" | "resolution"; state: "breached" | "at_risk"; dueAt: string | null } | null;
};

export const INBOX_PAGE_SIZE = 25;

function slaWarning(status: SlaStatus | undefined): ConversationRow["sla"] {
  if (!status) return null;
  for (const state of ["breached", "at_risk"] as const) {
    if (status.firstResponse.state === state) return { timer: "first_response", state, dueAt: status.firstResponse.dueAt };
    if (status.resolution.state === state) return { timer: "resolution", state, dueAt: status.resolution.dueAt };
  }
  return null;
}
const PREVIEW_CHARS = 140;

/**
 * A shop's conversations, newest activity first by (lastMessageAt, id), one keyset page at a time,
 * filtered by status tab, channel, assignee (the acting staff member, nobody, or anyone), unread and
 * a search of the customer's email or name. A cursor this list did not give out is a 400 on `cursor`.
 */
export async function listConversations(
  ctx: MerchantContext,
  filters: ConversationFilters,
  limit = INBOX_PAGE_SIZE,
): Promise<{ rows: ConversationRow[]; nextCursor: string | null }> {
  const shopId = ctx.shop.id;
  const staffId = ctx.actor.id;
  const and: Prisma.ConversationWhereInput[] = [{ shopId }];
  if (filters.status !== "all") and.push({ status: filters.status });
  if (filters.channel) and.push({ channel: filters.channel });
  if (filters.assignee === "me") and.push({ assigneeId: staffId });
  if (filters.assignee === "unassigned") and.push({ assigneeId: null });
  if (filters.unread) and.push({ unreadCount: { gt: 0 } });
  if (filters.tag) and.push({ tags: { has: filters.tag } });
  if (filters.priority) and.push({ priority: filters.priority });
  if (filters.q) {
    and.push({ OR: [{ customerEmail: { contains: filters.q, mode: "insensitive" } }, { customerName: { contains: filters.q, mode: "insensitive" } }] });
  }
  if (filters.cursor) {
    and.push(...keysetAfterDescending("lastMessageAt", decodeCursor(filters.cursor)));
  }
  const found = await db().conversation.findMany({
    where: { AND: and },
    orderBy: [{ lastMessageAt: "desc" }, { id: "desc" }],
    take: limit + 1,
    include: { messages: { where: { internal: false }, orderBy: [{ createdAt: "desc" }, { id: "desc" }], take: 1, select: { text: true } } },
  });
  const page = found.slice(0, limit);
  const last = page.at(-1);
  const sla = await slaForConversations(ctx.shop, page.map((c) => c.id));
  return {
    rows: page.map((c) => {
      const text = c.messages[0]?.text.replace(/\s+/g, " ").trim() ?? null;
      return {
        id: c.id,
        customerName: c.customerName,
        customerEmail: c.customerEmail,
        subject: c.subject,
        preview: text && text.length > PREVIEW_CHARS ? `${text.slice(0, PREVIEW_CHARS - 1)}…` : text,
        channel: c.channel,
        status: c.status,
        assigneeName: c.assigneeName,
        aiActive: c.aiActive,
        unreadCount: c.unreadCount,
        lastMessageAt: c.lastMessageAt.toISOString(),
        ...conversationLabels(c),
        sla: slaWarning(sla.get(c.id)),
      };
    }),
    nextCursor: found.length > limit && last ? encodeCursor({ createdAt: last.lastMessageAt, id: last.id }) : null,
  };
}
