import { z } from "zod";
import { recordAudit } from "../audit/record-audit";
import { db, type Conversation } from "../db.server";
import { AppError } from "../errors";
import { runInTransaction } from "../jobs/enqueue-job";
import { publishChange } from "../conversations/conversation-events";
import type { ShopContext } from "../shops/shop-context";
import { PRIORITIES, TagSchema, type Priority } from "./rule-schema";
import { slaOnPriority } from "./sla.server";
import { MAX_TAGS } from "./tags";

/**
 * Tags and priority of conversations: the fields the merchant API's ConversationView carries
 * (`conversationLabels`), and the changes the inbox makes one at a time or in bulk, each audited.
 */

/** The automation fields of a ConversationView: call it from the view builder. */
export function conversationLabels(conversation: Pick<Conversation, "tags" | "priority">): { tags: string[]; priority: Priority } {
  return { tags: [...conversation.tags], priority: conversation.priority };
}

export const MAX_BULK = 200;

export const LabelChangeSchema = z
  .object({
    conversationIds: z.array(z.uuid("must be conversation ids")).min(1, "choose at least one conversation").max(MAX_BULK, `choose at most ${MAX_BULK} conversations`),
    addTags: z.array(TagSchema).max(MAX_TAGS).default([]),
    removeTags: z.array(TagSchema).max(MAX_TAGS).default([]),
    priority: z.enum(PRIORITIES, { error: `must be one of ${PRIORITIES.join(", ")}` }).optional(),
  })
  .refine((c) => c.addTags.length || c.removeTags.length || c.priority, { message: "add or remove a tag, or set a priority", path: ["addTags"] });
export type LabelChange = z.input<typeof LabelChangeSchema>;

/** Adds and removes tags and sets the priority on conversations of this shop; another shop's ids answer 404 and change nothing. */
export async function changeConversationLabels(ctx: ShopContext, raw: LabelChange): Promise<Conversation[]> {
  const parsed = LabelChangeSchema.safeParse(raw);
  if (!parsed.success) {
    const fields: Record<string, string> = {};
    for (const issue of parsed.error.issues) fields[issue.path.join(".") || "conversationIds"] ??= issue.message;
    throw new AppError("invalid_request", "Some fields are invalid.", { fields });
  }
  const change = parsed.data;
  const ids = [...new Set(change.conversationIds)];
  const updated = await runInTransaction(async (tx) => {
    const rows = await tx.conversation.findMany({ where: { id: { in: ids }, shopId: ctx.shop.id } });
    if (rows.length !== ids.length) throw new AppError("not_found", "Some of these conversations do not exist.");
    const out: Conversation[] = [];
    for (const row of rows) {
      const tags = [...row.tags.filter((t) => !change.removeTags.includes(t)), ...change.addTags.filter((t) => !row.tags.includes(t))].slice(0, MAX_TAGS);
      const priority = change.priority ?? row.priority;
      if (tags.join("\n") === row.tags.join("\n") && priority === row.priority) {
        out.push(row);
        continue;
      }
      const next = await tx.conversation.update({ where: { id: row.id }, data: { tags, priority } });
      if (priority !== row.priority) await slaOnPriority(tx, row.id, priority);
      await recordAudit(tx, { shopId: ctx.shop.id, entityType: "conversation", entityId: row.id, action: "labels_changed", actor: ctx.actor, data: { tags, priority, from: { tags: row.tags, priority: row.priority } } });
      out.push(next);
    }
    return out;
  });
  for (const c of updated) await publishChange(c);
  return updated;
}

/** Every tag in use in the shop with how many conversations carry it, for the inbox's filter. */
export async function listTagsInUse(shopId: string): Promise<Array<{ tag: string; count: number }>> {
  const rows = await db().$queryRaw<Array<{ tag: string; count: bigint }>>`
    SELECT t AS tag, COUNT(*) AS count FROM "conversations", unnest("tags") AS t WHERE "shopId" = ${shopId}::uuid GROUP BY t ORDER BY t LIMIT 200`;
  return rows.map((r) => ({ tag: r.tag, count: Number(r.count) }));
}
