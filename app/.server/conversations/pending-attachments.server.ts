import { z } from "zod";
import { metadataSlice } from "./metadata-slice.server";

/** A photo uploaded to a conversation and waiting for the message that will carry it. */
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

/**
 * The photos a conversation holds for its next message. They wait in the conversation's metadata
 * because an `evidence_files` row must belong to a message or a return; `receiveMessage` moves the
 * ones a message names onto it.
 */
export const pendingAttachments = metadataSlice({ pendingAttachments: z.array(PendingAttachmentSchema).optional() });
