import { z } from "zod";
import type { Prisma, Tx } from "../db.server";
import { RESOLUTIONS, RETURN_REASONS } from "../returns/types";

/**
 * What the chat keeps in `conversations.metadata`: the order the shopper proved is theirs, the
 * guided flow's state when there is no model, photos uploaded but not yet sent, and the take-over
 * notice already given. Reading is forgiving (a bad field is dropped); other keys are kept as they are.
 */

export const VerifiedOrderSchema = z.object({
  orderId: z.string(),
  orderName: z.string(),
  email: z.string(),
  verifiedAt: z.string(),
});
export type VerifiedOrder = z.infer<typeof VerifiedOrderSchema>;

export const FlowSchema = z.object({
  intent: z.enum(["order_status", "return"]),
  step: z.enum(["order_number", "email", "items", "reason", "resolution"]),
  orderNumber: z.string().max(32).optional(),
  options: z.array(z.string()).max(100).optional(),
  itemIds: z.array(z.string()).max(100).optional(),
  reason: z.enum(RETURN_REASONS).optional(),
  resolutions: z.array(z.enum(RESOLUTIONS)).optional(),
});
export type Flow = z.infer<typeof FlowSchema>;

export const PendingAttachmentSchema = z.object({
  id: z.uuid(),
  storage: z.string(),
  storageKey: z.string(),
  mimeType: z.string(),
  byteSize: z.number().int(),
  sha256: z.string(),
  uploadedAt: z.string(),
});
export type PendingAttachment = z.infer<typeof PendingAttachmentSchema>;

const ChatMetadataSchema = z.object({
  verifiedOrder: VerifiedOrderSchema.optional(),
  flow: FlowSchema.optional(),
  offeredHandoff: z.boolean().optional(),
  pendingAttachments: z.array(PendingAttachmentSchema).optional(),
  takeoverNotice: z.object({ key: z.string(), messageId: z.uuid() }).optional(),
});
export type ChatMetadata = z.infer<typeof ChatMetadataSchema>;

function asObject(raw: unknown): Record<string, unknown> {
  return raw && typeof raw === "object" && !Array.isArray(raw) ? (raw as Record<string, unknown>) : {};
}

/** The chat's part of a conversation's metadata; unreadable fields are left out. */
export function readChatMetadata(raw: unknown): ChatMetadata {
  const source = asObject(raw);
  const out: Record<string, unknown> = {};
  for (const [key, schema] of Object.entries(ChatMetadataSchema.shape)) {
    const parsed = schema.safeParse(source[key]);
    if (parsed.success && parsed.data !== undefined) out[key] = parsed.data;
  }
  return out as ChatMetadata;
}

/**
 * Changes a conversation's chat metadata under a row lock, so two requests of one conversation
 * (a message and an upload) cannot overwrite each other's changes. Returns the new metadata.
 */
export async function updateChatMetadata(tx: Tx, shopId: string, conversationId: string, change: (current: ChatMetadata) => ChatMetadata): Promise<ChatMetadata> {
  const rows = await tx.$queryRaw<Array<{ metadata: unknown }>>`
    SELECT "metadata" FROM "conversations" WHERE "id" = ${conversationId}::uuid AND "shopId" = ${shopId}::uuid FOR UPDATE`;
  const raw = asObject(rows[0]?.metadata);
  const next = change(readChatMetadata(raw));
  const merged: Record<string, unknown> = { ...raw };
  for (const key of Object.keys(ChatMetadataSchema.shape)) {
    const value = (next as Record<string, unknown>)[key];
    if (value === undefined) delete merged[key];
    else merged[key] = value;
  }
  await tx.conversation.updateMany({ where: { id: conversationId, shopId }, data: { metadata: merged as Prisma.InputJsonValue } });
  return next;
}
