import { z } from "zod";
import { recordAudit } from "../audit/record-audit";
import { db, type SavedReply } from "../db.server";
import { AppError, zodFields } from "../errors";
import { runInTransaction } from "../jobs/enqueue-job";
import type { ShopContext } from "../shops/shop-context";
import { fillVariables, REPLY_VARIABLES, unknownVariables } from "./fill-variables";
import { replyValues } from "./run-rule-actions.server";

export const SavedReplyInputSchema = z.object({
  name: z.string({ error: "must be a name" }).trim().min(1, "must not be empty").max(80, "must be at most 80 characters"),
  body: z
    .string({ error: "must be the reply's text" })
    .trim()
    .min(1, "must not be empty")
    .max(5000, "must be at most 5000 characters")
    .superRefine((b, ctx) => {
      const unknown = unknownVariables(b);
      if (unknown.length) ctx.addIssue({ code: "custom", message: `uses unknown variables: ${unknown.join(", ")} (known: ${REPLY_VARIABLES.join(", ")})` });
    }),
});

export type SavedReplyView = { id: string; name: string; body: string; createdAt: string; updatedAt: string };
export const toSavedReplyView = (r: SavedReply): SavedReplyView => ({ id: r.id, name: r.name, body: r.body, createdAt: r.createdAt.toISOString(), updatedAt: r.updatedAt.toISOString() });

function parse(raw: unknown) {
  const parsed = SavedReplyInputSchema.safeParse(raw);
  if (!parsed.success) throw new AppError("invalid_request", "Some fields of the saved reply are invalid.", { fields: zodFields(parsed.error) });
  return parsed.data;
}

export async function listSavedReplies(ctx: ShopContext): Promise<SavedReply[]> {
  return db().savedReply.findMany({ where: { shopId: ctx.shop.id }, orderBy: { name: "asc" } });
}

async function find(ctx: ShopContext, id: string) {
  const row = /^[0-9a-f-]{36}$/i.test(id) ? await db().savedReply.findFirst({ where: { id, shopId: ctx.shop.id } }) : null;
  if (!row) throw new AppError("not_found", "No such saved reply.");
  return row;
}

function nameTaken(error: unknown): boolean {
  return typeof error === "object" && error !== null && (error as { code?: string }).code === "P2002";
}

export async function createSavedReply(ctx: ShopContext, raw: unknown): Promise<SavedReply> {
  const input = parse(raw);
  try {
    return await runInTransaction(async (tx) => {
      const row = await tx.savedReply.create({ data: { shopId: ctx.shop.id, ...input } });
      await recordAudit(tx, { shopId: ctx.shop.id, entityType: "saved_reply", entityId: row.id, action: "created", actor: ctx.actor, data: { name: row.name } });
      return row;
    });
  } catch (error) {
    if (nameTaken(error)) throw new AppError("conflict", "A saved reply with this name exists.", { fields: { name: "is already used by another saved reply" } });
    throw error;
  }
}

export async function updateSavedReply(ctx: ShopContext, id: string, raw: unknown): Promise<SavedReply> {
  const current = await find(ctx, id);
  const input = parse(raw);
  try {
    return await runInTransaction(async (tx) => {
      const row = await tx.savedReply.update({ where: { id: current.id }, data: input });
      await recordAudit(tx, { shopId: ctx.shop.id, entityType: "saved_reply", entityId: row.id, action: "updated", actor: ctx.actor, data: { name: row.name } });
      return row;
    });
  } catch (error) {
    if (nameTaken(error)) throw new AppError("conflict", "A saved reply with this name exists.", { fields: { name: "is already used by another saved reply" } });
    throw error;
  }
}

export async function deleteSavedReply(ctx: ShopContext, id: string): Promise<void> {
  const current = await find(ctx, id);
  await runInTransaction(async (tx) => {
    await tx.savedReply.delete({ where: { id: current.id } });
    await recordAudit(tx, { shopId: ctx.shop.id, entityType: "saved_reply", entityId: current.id, action: "deleted", actor: ctx.actor, data: { name: current.name } });
  });
}

/** A saved reply filled for one conversation (the composer's insert): contact, its latest return, the shop and the agent. */
export async function renderSavedReply(ctx: ShopContext, input: { id: string; conversationId: string }): Promise<string> {
  const reply = await find(ctx, input.id);
  const conversation = await db().conversation.findFirst({ where: { id: input.conversationId, shopId: ctx.shop.id } });
  if (!conversation) throw new AppError("not_found", "No such conversation.");
  const latest = conversation.customerEmail ? await db().returnRequest.findFirst({ where: { shopId: ctx.shop.id, customerEmail: conversation.customerEmail }, orderBy: { createdAt: "desc" }, select: { id: true } }) : null;
  const values = await db().$transaction((tx) => replyValues(tx, ctx.shop, conversation, latest?.id ?? null, ctx.actor.name ?? undefined));
  return fillVariables(reply.body, values);
}
