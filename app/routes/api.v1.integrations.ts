import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { authenticateApiKey } from "../.server/api-keys/authenticate-api-key.server";
import { db } from "../.server/db.server";
import { withErrorBody } from "../.server/http/error-response.server";
import { assertMethod, json } from "../.server/http/route-helpers.server";
import { integrationView, listIntegrations } from "../.server/integrations/integrations.server";

/** GET /api/v1/integrations: the provider accounts this shop has connected, without their secrets. */
export const loader = ({ request }: LoaderFunctionArgs) =>
  withErrorBody(async () => {
    const ctx = await authenticateApiKey(request);
    const rows = await listIntegrations(db(), ctx.shop.id);
    return json({ data: rows.map(integrationView) });
  });

/** Only GET is served here. */
export const action = ({ request }: ActionFunctionArgs) => withErrorBody(async () => assertMethod(request, "GET") as never);
