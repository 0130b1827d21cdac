import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { readApiBody } from "../.server/api/api-request.server";
import { ChangeReturnItemRequestSchema } from "../.server/api/schemas";
import { authenticateWriteKey } from "../.server/api-keys/authenticate-api-key.server";
import { AppError } from "../.server/errors";
import { withErrorBody } from "../.server/http/error-response.server";
import { assertMethod, json, parseId } from "../.server/http/route-helpers.server";
import { changeExchangeReplacement } from "../.server/returns/change-exchange-replacement.server";
import { getMerchantReturn } from "../.server/returns/get-merchant-return.server";

/** PATCH /api/v1/returns/{id}/items/{lineItemId} {exchangeFor: {variantId, productId?}}: another replacement for one item of an exchange. */
export const action = ({ request, params }: ActionFunctionArgs) =>
  withErrorBody(async () => {
    assertMethod(request, "PATCH");
    const ctx = await authenticateWriteKey(request);
    const id = parseId(params.id, "return");
    const lineItemId = params.lineItemId ?? "";
    if (!lineItemId || lineItemId.length > 64) throw new AppError("not_found", "No such item on this return.");
    const body = await readApiBody(request, ChangeReturnItemRequestSchema);
    await changeExchangeReplacement(ctx, { returnId: id, lineItemId, exchangeFor: body.exchangeFor });
    return json(await getMerchantReturn(ctx, id));
  });

/** Only PATCH is served here. */
export const loader = ({ request }: LoaderFunctionArgs) => withErrorBody(async () => assertMethod(request, "PATCH") as never);
