import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { readApiBody } from "../.server/api/api-request.server";
import { ChangeReturnRequestSchema } from "../.server/api/schemas";
import { authenticateApiKey, authenticateWriteKey } from "../.server/api-keys/authenticate-api-key.server";
import { withErrorBody } from "../.server/http/error-response.server";
import { assertMethod, json, parseId } from "../.server/http/route-helpers.server";
import { getMerchantReturn } from "../.server/returns/get-merchant-return.server";
import { turnExchangeIntoCredit } from "../.server/returns/turn-exchange-into-credit.server";

/** GET /api/v1/returns/{id}: one return with its timeline. */
export const loader = ({ request, params }: LoaderFunctionArgs) =>
  withErrorBody(async () => {
    const ctx = await authenticateApiKey(request);
    return json(await getMerchantReturn(ctx, parseId(params.id, "return")));
  });

/** PATCH /api/v1/returns/{id} {resolution: "store_credit", note?}: turns an exchange not yet created on the store into store credit. */
export const action = ({ request, params }: ActionFunctionArgs) =>
  withErrorBody(async () => {
    assertMethod(request, "PATCH");
    const ctx = await authenticateWriteKey(request);
    const id = parseId(params.id, "return");
    const body = await readApiBody(request, ChangeReturnRequestSchema);
    await turnExchangeIntoCredit(ctx, { returnId: id, note: body.note || undefined });
    return json(await getMerchantReturn(ctx, id));
  });
