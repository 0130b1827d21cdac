import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { readApiBody } from "../.server/api/api-request.server";
import { DenyReturnRequestSchema } from "../.server/api/schemas";
import { authenticateWriteKey } from "../.server/api-keys/authenticate-api-key.server";
import { withErrorBody } from "../.server/http/error-response.server";
import { assertMethod, json, parseId } from "../.server/http/route-helpers.server";
import { denyReturn } from "../.server/returns/deny-return.server";
import { getMerchantReturn } from "../.server/returns/get-merchant-return.server";

/** POST /api/v1/returns/{id}/deny {reason, note?}: denies a return awaiting triage or review. */
export const action = ({ request, params }: ActionFunctionArgs) =>
  withErrorBody(async () => {
    assertMethod(request, "POST");
    const ctx = await authenticateWriteKey(request);
    const id = parseId(params.id, "return");
    const body = await readApiBody(request, DenyReturnRequestSchema);
    await denyReturn(ctx, { returnId: id, reason: body.reason, note: body.note || undefined });
    return json(await getMerchantReturn(ctx, id));
  });

/** Only POST is served here. */
export const loader = ({ request }: LoaderFunctionArgs) => withErrorBody(async () => assertMethod(request, "POST") as never);
