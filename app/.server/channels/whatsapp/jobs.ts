import { z } from "zod";
import { defineJob } from "../../jobs/define-job";

/** `whatsapp.fetch-media`: fetches the photos of an inbound WhatsApp message from Twilio into the shop's storage; written with the message. */
export const whatsAppFetchMediaJob = defineJob({
  name: "whatsapp.fetch-media",
  payload: z.object({ shopId: z.uuid(), messageId: z.uuid() }),
  maxAttempts: 5,
});
