import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { authenticateApiKey } from "../.server/api-keys/authenticate-api-key.server";
import { withErrorBody } from "../.server/http/error-response.server";
import { assertMethod, json, parseId } from "../.server/http/route-helpers.server";
import { getMerchantReturn } from "../.server/returns/get-merchant-return.server";

/** GET /api/v1/returns/{id}: one return with its timeline. */
export const loader = ({ request, params }: LoaderFunctionArgs) =>
  withErrorBody(async () => {
    const ctx = await authenticateApiKey(request);
    return json(await getMerchantReturn(ctx, parseId(params.id, "return")));
  });

/** Only GET is served here. */
export const action = ({ request }: ActionFunctionArgs) => withErrorBody(async () => assertMethod(request, "GET") as never);
