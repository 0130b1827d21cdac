import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { withErrorBody } from "../.server/http/error-response.server";
import { readJsonBody } from "../.server/http/read-json-body.server";
import { assertMethod, json } from "../.server/http/route-helpers.server";
import { authenticateProxy } from "../.server/proxy/authenticate-proxy.server";
import { CreateReturnInput, createReturn, parseIdempotencyKey } from "../.server/returns/create-return.server";

/** POST /proxy/returns: request a return and get the decision at once (API.md). */
export const action = ({ request, context }: ActionFunctionArgs) =>
  withErrorBody(async () => {
    assertMethod(request, "POST");
    const ctx = await authenticateProxy(request, context);
    const idempotencyKey = parseIdempotencyKey(request.headers.get("idempotency-key"));
    const input = await readJsonBody(request, CreateReturnInput);
    const result = await createReturn(ctx, input, { idempotencyKey });
    return json({ return: result.view, accessToken: result.accessToken }, result.created ? 201 : 200);
  });

export const loader = ({ request }: LoaderFunctionArgs) => withErrorBody(async () => assertMethod(request, "POST") as never);
