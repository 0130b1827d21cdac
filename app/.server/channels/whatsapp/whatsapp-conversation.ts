import { z } from "zod";
import { metadataSlice } from "../../conversations/metadata-slice.server";

/** The WhatsApp slice of a conversation's metadata: the shopper's address replies go to. */
export const whatsAppSlice = metadataSlice({
  whatsapp: z.object({ address: z.string().max(200), phone: z.string().max(20).nullable().optional() }).optional(),
});
