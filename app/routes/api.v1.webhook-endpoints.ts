import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import { readApiBody } from "../.server/api/api-request.server";
import { authenticateApiKey, authenticateWriteKey } from "../.server/api-keys/authenticate-api-key.server";
import { withErrorBody } from "../.server/http/error-response.server";
import { assertMethod, json } from "../.server/http/route-helpers.server";
import { createEndpoint, listEndpoints, toEndpointView } from "../.server/outgoing-webhooks/endpoints.server";

/** GET /api/v1/webhook-endpoints. */
export const loader = ({ request }: LoaderFunctionArgs) =>
  withErrorBody(async () => {
    const ctx = await authenticateApiKey(request);
    return json({ data: (await listEndpoints(ctx)).map(toEndpointView) });
  });

/** POST /api/v1/webhook-endpoints {url, events, description?, enabled?}: the answer shows the signing secret, once. */
export const action = ({ request }: ActionFunctionArgs) =>
  withErrorBody(async () => {
    assertMethod(request, "POST");
    const ctx = await authenticateWriteKey(request);
    const { endpoint, secret } = await createEndpoint(ctx, await readApiBody(request, z.unknown()));
    return json({ ...toEndpointView(endpoint), secret }, 201);
  });
