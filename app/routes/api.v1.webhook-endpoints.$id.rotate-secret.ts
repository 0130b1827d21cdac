import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import { readApiBody } from "../.server/api/api-request.server";
import { authenticateWriteKey } from "../.server/api-keys/authenticate-api-key.server";
import { withErrorBody } from "../.server/http/error-response.server";
import { assertMethod, json } from "../.server/http/route-helpers.server";
import { rotateEndpointSecret, toEndpointView } from "../.server/outgoing-webhooks/endpoints.server";

/** Any other method: 405 with `Allow`. */
export const loader = ({ request }: LoaderFunctionArgs) =>
  withErrorBody(async () => {
    assertMethod(request, "POST");
    return json({});
  });

/** POST /api/v1/webhook-endpoints/{id}/rotate-secret: a new secret, shown once; the old one signs too for a day. */
export const action = ({ request, params }: ActionFunctionArgs) =>
  withErrorBody(async () => {
    assertMethod(request, "POST");
    const ctx = await authenticateWriteKey(request);
    await readApiBody(request, z.unknown());
    const { endpoint, secret } = await rotateEndpointSecret(ctx, params.id ?? "");
    return json({ ...toEndpointView(endpoint), secret });
  });
