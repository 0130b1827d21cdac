import { z } from "zod";
import { openApiSchema } from "../api/openapi-schema";
import type { IntegrationKind } from "../db.server";
import { integrationConnectors } from "./connectors.server";

/**
 * The merchant API's provider-connection operations, generated from the table of connectors so a
 * provider that can be connected is documented by being added there: `GET /api/v1/integrations`,
 * and `GET`, `PUT` (with the connector's own body schema) and `DELETE` on `/api/v1/integrations/{kind}`.
 */

const Integration = z.object({
  kind: z.enum(["email", "whatsapp", "elevenlabs", "tavus"]),
  status: z.enum(["connected", "failing", "disconnected"]),
  details: z.record(z.string(), z.unknown()).describe("What the provider needs pasted or what it created: the email inbound address, WhatsApp's webhook and status-callback URLs, the voice agent or video persona. Never a secret."),
  lastCheckedAt: z.iso.datetime().nullable(),
  lastError: z.string().nullable(),
});

const IntegrationList = z.object({ data: z.array(Integration) });


const schemaName = (kind: string) => `${kind[0]!.toUpperCase()}${kind.slice(1)}ConnectionRequest`;

/** Extra named error answers of these operations. */
export const INTEGRATION_ERROR_RESPONSES = {
  IntegrationCheckFailed: [422, "The provider refused the credentials (`integration_check_failed`, with the provider's own words); nothing was saved."],
} as const;

export function integrationOpenApiSchemas(): Record<string, Record<string, unknown>> {
  const schemas: Record<string, Record<string, unknown>> = {
    Integration: openApiSchema(Integration, "output"),
    IntegrationList: openApiSchema(IntegrationList, "output"),
  };
  for (const [kind, connector] of Object.entries(integrationConnectors)) {
    if (connector) schemas[schemaName(kind)] = openApiSchema(connector.schema, "input");
  }
  return schemas;
}

export function integrationOpenApiPaths(): Record<string, unknown> {
  const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
  const json = (schema: unknown) => ({ "application/json": { schema } });
  const error = (name: string) => ({ $ref: `#/components/responses/${name}` });
  const paths: Record<string, unknown> = {
    "/api/v1/integrations": {
      get: {
        operationId: "listIntegrations",
        summary: "List the provider accounts this shop has connected",
        description: "Secrets are write-only: they are never answered back.",
        responses: { 200: { description: "Every connection of the shop.", content: json(ref("IntegrationList")) }, 401: error("Unauthorized") },
      },
    },
  };
  for (const [kind, connector] of Object.entries(integrationConnectors) as Array<[IntegrationKind, (typeof integrationConnectors)[IntegrationKind]]>) {
    if (!connector) continue;
    const id = `${kind[0]!.toUpperCase()}${kind.slice(1)}`;
    paths[`/api/v1/integrations/${kind}`] = {
      get: {
        operationId: `get${id}Integration`,
        summary: `The shop's ${kind} connection`,
        responses: { 200: { description: "The connection.", content: json(ref("Integration")) }, 401: error("Unauthorized"), 404: error("NotFound") },
      },
      put: {
        operationId: `connect${id}`,
        summary: connector.summary,
        description: connector.description,
        requestBody: { required: true, content: json(ref(schemaName(kind))) },
        responses: {
          200: { description: "The connection.", content: json(ref("Integration")) },
          400: error("BadRequest"),
          401: error("Unauthorized"),
          403: error("Forbidden"),
          413: error("PayloadTooLarge"),
          415: error("UnsupportedMediaType"),
          422: error("IntegrationCheckFailed"),
        },
      },
      delete: {
        operationId: `disconnect${id}`,
        summary: `Disconnect ${kind}`,
        description: "Forgets the credentials; anything the provider holds for the shop is undone where Dokani created it.",
        responses: { 204: { description: "Disconnected (also when it was not connected)." }, 401: error("Unauthorized"), 403: error("Forbidden") },
      },
    };
  }
  return paths;
}
