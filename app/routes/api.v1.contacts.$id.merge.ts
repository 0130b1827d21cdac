import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { readApiBody } from "../.server/api/api-request.server";
import { MergeContactRequestSchema } from "../.server/api/contact-schemas";
import { authenticateWriteKey } from "../.server/api-keys/authenticate-api-key.server";
import { mergeContactsByMerchant } from "../.server/contacts/admin-contacts.server";
import { getContact } from "../.server/contacts/read-contacts.server";
import { withErrorBody } from "../.server/http/error-response.server";
import { assertMethod, json, parseId } from "../.server/http/route-helpers.server";

/** POST /api/v1/contacts/{id}/merge {from}: `from` becomes a tombstone of `{id}`; 409 `cannot_merge` for the contact itself, 404 for another shop's. */
export const action = ({ request, params }: ActionFunctionArgs) =>
  withErrorBody(async () => {
    assertMethod(request, "POST");
    const ctx = await authenticateWriteKey(request);
    const id = parseId(params.id, "contact");
    const body = await readApiBody(request, MergeContactRequestSchema);
    await mergeContactsByMerchant(ctx, { intoId: id, fromId: body.from.toLowerCase() });
    return json(await getContact(ctx, id));
  });

/** Only POST is served here. */
export const loader = ({ request }: LoaderFunctionArgs) => withErrorBody(async () => assertMethod(request, "POST") as never);
