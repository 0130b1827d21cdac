import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { readApiBody } from "../.server/api/api-request.server";
import { CompleteReturnRequestSchema } from "../.server/api/schemas";
import { authenticateWriteKey } from "../.server/api-keys/authenticate-api-key.server";
import { withErrorBody } from "../.server/http/error-response.server";
import { assertMethod, json, parseId } from "../.server/http/route-helpers.server";
import { completeReturn } from "../.server/returns/complete-return.server";
import { getMerchantReturn } from "../.server/returns/get-merchant-return.server";

/**
 * POST /api/v1/returns/{id}/complete {note?, resolution?, lines?, amount?}: the reviewed refund or
 * credit is issued, exactly the amount reviewed (an empty body refunds every line as estimated).
 */
export const action = ({ request, params }: ActionFunctionArgs) =>
  withErrorBody(async () => {
    assertMethod(request, "POST");
    const ctx = await authenticateWriteKey(request);
    const id = parseId(params.id, "return");
    const body = await readApiBody(request, CompleteReturnRequestSchema);
    await completeReturn(ctx, { returnId: id, note: body.note || undefined, resolution: body.resolution, lines: body.lines, amount: body.amount });
    return json(await getMerchantReturn(ctx, id));
  });

/** Only POST is served here. */
export const loader = ({ request }: LoaderFunctionArgs) => withErrorBody(async () => assertMethod(request, "POST") as never);
