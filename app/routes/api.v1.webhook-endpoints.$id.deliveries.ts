import type { LoaderFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import { parseApiQuery } from "../.server/api/api-request.server";
import { authenticateApiKey } from "../.server/api-keys/authenticate-api-key.server";
import { withErrorBody } from "../.server/http/error-response.server";
import { json } from "../.server/http/route-helpers.server";
import { listDeliveries, toDeliveryView } from "../.server/outgoing-webhooks/endpoints.server";

const QuerySchema = z.object({ limit: z.coerce.number({ error: "must be a number from 1 to 200" }).int("must be a whole number").min(1, "must be at least 1").max(200, "must be at most 200").default(50) });

/** GET /api/v1/webhook-endpoints/{id}/deliveries?limit=: the delivery log, newest first. */
export const loader = ({ request, params }: LoaderFunctionArgs) =>
  withErrorBody(async () => {
    const ctx = await authenticateApiKey(request);
    const { limit } = parseApiQuery(request, QuerySchema);
    return json({ data: (await listDeliveries(ctx, params.id ?? "", limit)).map(toDeliveryView) });
  });
