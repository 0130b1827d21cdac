import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { readApiBody } from "../.server/api/api-request.server";
import { authenticateApiKey, authenticateWriteKey } from "../.server/api-keys/authenticate-api-key.server";
import { db, type IntegrationKind } from "../.server/db.server";
import { AppError } from "../.server/errors";
import { withErrorBody } from "../.server/http/error-response.server";
import { json } from "../.server/http/route-helpers.server";
import { integrationConnectors } from "../.server/integrations/connectors.server";
import { integrationView, removeIntegration } from "../.server/integrations/integrations.server";

const KINDS: readonly IntegrationKind[] = ["email", "whatsapp", "elevenlabs", "tavus"];

function kindOf(value: string | undefined): IntegrationKind {
  const kind = KINDS.find((k) => k === value);
  if (!kind) throw new AppError("not_found", "There is no such integration. Known kinds: email, whatsapp, elevenlabs, tavus.");
  return kind;
}

/** PUT connects (or reconnects) a provider after checking its credentials; DELETE disconnects it. */
export const action = ({ request, params }: ActionFunctionArgs) =>
  withErrorBody(async () => {
    const ctx = await authenticateWriteKey(request);
    const kind = kindOf(params.kind);
    if (request.method === "DELETE") {
      const connector = integrationConnectors[kind];
      const row = await db().shopIntegration.findUnique({ where: { shopId_kind: { shopId: ctx.shop.id, kind } } });
      if (row && connector?.disconnect) await connector.disconnect(ctx, row);
      await removeIntegration(db(), ctx.shop.id, kind);
      return new Response(null, { status: 204 });
    }
    if (request.method !== "PUT") throw new AppError("method_not_allowed", "Use PUT to connect this integration or DELETE to disconnect it.", { headers: { Allow: "PUT, DELETE" } });
    const connector = integrationConnectors[kind];
    if (!connector) throw new AppError("not_found", `Dokani cannot connect ${kind} yet.`);
    const body = await readApiBody(request, connector.schema);
    const saved = await connector.connect(ctx, body);
    return json(integrationView(saved));
  });

/** GET one integration's view. */
export const loader = ({ request, params }: LoaderFunctionArgs) =>
  withErrorBody(async () => {
    const ctx = await authenticateApiKey(request);
    const kind = kindOf(params.kind);
    const row = await db().shopIntegration.findUnique({ where: { shopId_kind: { shopId: ctx.shop.id, kind } } });
    if (!row) throw new AppError("not_found", `This shop has not connected ${kind}.`);
    return json(integrationView(row));
  });
