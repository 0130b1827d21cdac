import type { ActionFunctionArgs } from "@remix-run/node";
import { saveWhatsAppSettings, WhatsAppSettingsIntent } from "../.server/channels/whatsapp/whatsapp-settings.server";
import { runIntent } from "../.server/http/run-intent.server";
import { authenticateAdmin } from "../.server/shops/authenticate-admin.server";

/** The WhatsApp card of Settings: connects the shop's Twilio account after checking it with Twilio. */
export async function action({ request }: ActionFunctionArgs) {
  const ctx = await authenticateAdmin(request);
  const form = Object.fromEntries(await request.formData());
  return runIntent(
    form,
    WhatsAppSettingsIntent,
    async () => {
      await saveWhatsAppSettings(ctx, form);
      return { message: "WhatsApp connected" };
    },
    { invalid: () => "Unknown settings form." },
  );
}
