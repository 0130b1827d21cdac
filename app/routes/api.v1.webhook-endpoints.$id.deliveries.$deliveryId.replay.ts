import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import { readApiBody } from "../.server/api/api-request.server";
import { authenticateWriteKey } from "../.server/api-keys/authenticate-api-key.server";
import { withErrorBody } from "../.server/http/error-response.server";
import { assertMethod, json } from "../.server/http/route-helpers.server";
import { replayDelivery, toDeliveryView } from "../.server/outgoing-webhooks/endpoints.server";

/** Any other method: 405 with `Allow`. */
export const loader = ({ request }: LoaderFunctionArgs) =>
  withErrorBody(async () => {
    assertMethod(request, "POST");
    return json({});
  });

/** POST /api/v1/webhook-endpoints/{id}/deliveries/{deliveryId}/replay: sends the delivery again. */
export const action = ({ request, params }: ActionFunctionArgs) =>
  withErrorBody(async () => {
    assertMethod(request, "POST");
    const ctx = await authenticateWriteKey(request);
    await readApiBody(request, z.unknown());
    return json(toDeliveryView(await replayDelivery(ctx, params.id ?? "", params.deliveryId ?? "")), 202);
  });
