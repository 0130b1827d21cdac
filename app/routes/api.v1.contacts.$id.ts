import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { authenticateApiKey } from "../.server/api-keys/authenticate-api-key.server";
import { getContact } from "../.server/contacts/read-contacts.server";
import { withErrorBody } from "../.server/http/error-response.server";
import { assertMethod, json, parseId } from "../.server/http/route-helpers.server";

/** GET /api/v1/contacts/{id}: one contact with their conversations, returns and calls; a merged one answers 404 `contact_merged` with `mergedInto`. */
export const loader = ({ request, params }: LoaderFunctionArgs) =>
  withErrorBody(async () => {
    const ctx = await authenticateApiKey(request);
    return json(await getContact(ctx, parseId(params.id, "contact")));
  });

/** Only GET is served here. */
export const action = ({ request }: ActionFunctionArgs) => withErrorBody(async () => assertMethod(request, "GET") as never);
