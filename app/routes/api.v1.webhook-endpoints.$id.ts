import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import { readApiBody } from "../.server/api/api-request.server";
import { authenticateApiKey, authenticateWriteKey } from "../.server/api-keys/authenticate-api-key.server";
import { withErrorBody } from "../.server/http/error-response.server";
import { assertMethod, json } from "../.server/http/route-helpers.server";
import { deleteEndpoint, getEndpoint, toEndpointView, updateEndpoint } from "../.server/outgoing-webhooks/endpoints.server";

/** GET /api/v1/webhook-endpoints/{id}. */
export const loader = ({ request, params }: LoaderFunctionArgs) =>
  withErrorBody(async () => {
    const ctx = await authenticateApiKey(request);
    return json(toEndpointView(await getEndpoint(ctx, params.id ?? "")));
  });

/** PUT /api/v1/webhook-endpoints/{id} replaces address, events, description and switch; DELETE removes it. */
export const action = ({ request, params }: ActionFunctionArgs) =>
  withErrorBody(async () => {
    assertMethod(request, "PUT", "DELETE");
    const ctx = await authenticateWriteKey(request);
    if (request.method === "DELETE") {
      await deleteEndpoint(ctx, params.id ?? "");
      return new Response(null, { status: 204 });
    }
    return json(toEndpointView(await updateEndpoint(ctx, params.id ?? "", await readApiBody(request, z.unknown()))));
  });
