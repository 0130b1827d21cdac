import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { parseApiQuery } from "../.server/api/api-request.server";
import { ListContactsQuerySchema } from "../.server/api/contact-schemas";
import { authenticateApiKey } from "../.server/api-keys/authenticate-api-key.server";
import { listContacts } from "../.server/contacts/read-contacts.server";
import { withErrorBody } from "../.server/http/error-response.server";
import { assertMethod, json } from "../.server/http/route-helpers.server";

/** GET /api/v1/contacts?query=&limit=&cursor=: the shop's contacts, newest first; `query` matches a name, an email or a phone number. */
export const loader = ({ request }: LoaderFunctionArgs) =>
  withErrorBody(async () => {
    const ctx = await authenticateApiKey(request);
    return json(await listContacts(ctx, parseApiQuery(request, ListContactsQuerySchema)));
  });

/** Only GET is served here. */
export const action = ({ request }: ActionFunctionArgs) => withErrorBody(async () => assertMethod(request, "GET") as never);
