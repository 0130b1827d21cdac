import type { ActionFunctionArgs } from "@remix-run/node";
import { placeCallFromAdmin, PlaceCallForm } from "../.server/call-admin/call-records.server";
import { runIntent } from "../.server/http/run-intent.server";
import { authenticateAdmin } from "../.server/shops/authenticate-admin.server";

/** "Call the shopper" on a return or a contact page: the shop's voice agent phones them with the purpose given. */
export async function action({ request }: ActionFunctionArgs) {
  const ctx = await authenticateAdmin(request);
  const form = Object.fromEntries(await request.formData());
  return runIntent(
    form,
    PlaceCallForm,
    async (input) => {
      const call = await placeCallFromAdmin(ctx, input);
      return { message: "Calling the shopper", callId: call.id, conversationId: call.conversationId };
    },
    { invalid: (_error, fields) => (fields.purpose ? `The purpose ${fields.purpose}.` : "That call could not be placed: the form is incomplete.") },
  );
}
