import type { JobHandler } from "../../jobs/runtime-types";
import { fetchWhatsAppMedia } from "./fetch-whatsapp-media.server";
import type { whatsAppFetchMediaJob } from "./jobs";

/** Runs `whatsapp.fetch-media`. */
export const handleFetchWhatsAppMedia: JobHandler<typeof whatsAppFetchMediaJob.payload> = async (payload) => {
  await fetchWhatsAppMedia(payload);
};
