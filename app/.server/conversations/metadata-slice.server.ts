import type { z } from "zod";
import type { Prisma, Tx } from "../db.server";

/** One owner's keys of `conversations.metadata`: read forgivingly, changed under the row lock. */
export type MetadataSlice<T> = {
  /** The slice of a conversation's metadata; unreadable fields are left out. */
  read(raw: unknown): T;
  /** Changes the slice under the conversation's row lock; other keys stay as they are. Returns the new slice. */
  update(tx: Tx, shopId: string, conversationId: string, change: (current: T) => T): Promise<T>;
};

function asObject(raw: unknown): Record<string, unknown> {
  return raw && typeof raw === "object" && !Array.isArray(raw) ? (raw as Record<string, unknown>) : {};
}

/**
 * A slice of `conversations.metadata` owned by one part of Dokani (the assistant's state, the photos
 * a chat holds for its next message). Each owner names its keys with a zod shape and never touches
 * another's; the row lock keeps two requests of one conversation (a message and an upload) from
 * overwriting each other's changes.
 */
export function metadataSlice<Shape extends Record<string, z.ZodOptional<z.ZodType>>>(shape: Shape): MetadataSlice<z.infer<z.ZodObject<Shape>>> {
  type Slice = z.infer<z.ZodObject<Shape>>;
  const read = (raw: unknown): Slice => {
    const source = asObject(raw);
    const out: Record<string, unknown> = {};
    for (const [key, schema] of Object.entries(shape)) {
      const parsed = schema.safeParse(source[key]);
      if (parsed.success && parsed.data !== undefined) out[key] = parsed.data;
    }
    return out as Slice;
  };
  return {
    read,
    async update(tx, shopId, conversationId, change) {
      const rows = await tx.$queryRaw<Array<{ metadata: unknown }>>`
        SELECT "metadata" FROM "conversations" WHERE "id" = ${conversationId}::uuid AND "shopId" = ${shopId}::uuid FOR UPDATE`;
      const raw = asObject(rows[0]?.metadata);
      const next = change(read(raw));
      const merged: Record<string, unknown> = { ...raw };
      for (const key of Object.keys(shape)) {
        const value = (next as Record<string, unknown>)[key];
        if (value === undefined) delete merged[key];
        else merged[key] = value;
      }
      await tx.conversation.updateMany({ where: { id: conversationId, shopId }, data: { metadata: merged as Prisma.InputJsonValue } });
      return next;
    },
  };
}
