import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { parsePolicyVersion } from "../.server/api/api-request.server";
import { toPolicyVersionView } from "../.server/api/merchant-views";
import { authenticateApiKey } from "../.server/api-keys/authenticate-api-key.server";
import { withErrorBody } from "../.server/http/error-response.server";
import { assertMethod, json } from "../.server/http/route-helpers.server";
import { activatePolicyVersion } from "../.server/policies/activate-policy-version.server";

/** POST /api/v1/policies/{version}/activate: makes the version active and archives the previous one. */
export const action = ({ request, params }: ActionFunctionArgs) =>
  withErrorBody(async () => {
    assertMethod(request, "POST");
    const ctx = await authenticateApiKey(request);
    const policy = await activatePolicyVersion(ctx, { version: parsePolicyVersion(params.version) });
    return json(toPolicyVersionView(policy));
  });

/** Only POST is served here. */
export const loader = ({ request }: LoaderFunctionArgs) => withErrorBody(async () => assertMethod(request, "POST") as never);
