import { callsOpenApiPaths, callsOpenApiSchemas } from "../calls/calls-openapi";
import { z } from "zod";
import { env } from "../env.server";
import { INTEGRATION_ERROR_RESPONSES, integrationOpenApiPaths, integrationOpenApiSchemas } from "../integrations/integrations-openapi";
import { WHATSAPP_ERROR_RESPONSES, whatsAppOpenApiPaths, whatsAppOpenApiSchemas } from "../channels/whatsapp/whatsapp-openapi";
import { DeliveriesQuerySchema, IdParamSchema } from "./automation-schemas";
import {
  AnalyticsSummaryQuerySchema,
  COMPONENT_SCHEMAS,
  ListReturnsQuerySchema,
  PolicyVersionParamSchema,
  REQUEST_SCHEMAS,
  ReturnIdParamSchema,
  LineItemIdParamSchema,
} from "./schemas";
import {
  CONTACT_COMPONENT_SCHEMAS,
  CONTACT_REQUEST_SCHEMAS,
  ContactIdParamSchema,
  ConversationIdParamSchema,
  ListContactsQuerySchema,
  ListConversationsQuerySchema,
} from "./contact-schemas";

type JsonObject = { [key: string]: unknown };
type ComponentName = keyof typeof COMPONENT_SCHEMAS | keyof typeof REQUEST_SCHEMAS | keyof typeof CONTACT_COMPONENT_SCHEMAS | keyof typeof CONTACT_REQUEST_SCHEMAS;

const SCHEMA_REF = "#/components/schemas/";

/** Named error answers, each with API.md's error body. */
const ERROR_RESPONSES = {
  BadRequest: [400, "The request is malformed or a field is invalid (`invalid_request` with `fields`, or `invalid_json`)."],
  Unauthorized: [401, "The API key is missing, malformed, unknown or revoked (`unauthorized`)."],
  Forbidden: [403, "The API key is a read key and this request changes something (`insufficient_scope`)."],
  NotFound: [404, "No such resource in this shop (another shop's resource answers the same) (`not_found`)."],
  Conflict: [409, "The resource's state does not allow this (`invalid_transition`, `invalid_state`, `conflict`)."],
  PayloadTooLarge: [413, "The body is larger than 64 KB (`payload_too_large`)."],
  UnsupportedMediaType: [415, "The body is not JSON (`unsupported_media_type`)."],
  UnprocessableEntity: [422, "The policy rules or the automation rule are invalid (`invalid_rules` with `fields`), or the return's policy does not allow the change (`unprocessable`)."],
} as const;
type ErrorResponseName = keyof typeof ERROR_RESPONSES;

/*
 * In output mode zod closes every object (`additionalProperties: false`) because parsing strips
 * unknown keys. Clients must not read it that way: answers may gain fields, and bodies with extra
 * fields are accepted. Only strict objects (a policy override's `match`) really refuse them.
 */
const openObjects: NonNullable<z.core.ToJSONSchemaParams["override"]> = ({ zodSchema, jsonSchema }) => {
  const def = zodSchema._zod.def;
  if (def.type === "object" && !def.catchall && jsonSchema.additionalProperties === false) delete jsonSchema.additionalProperties;
};

function stripDocumentKeys(schema: JsonObject): JsonObject {
  const { $schema: _schema, $id: _id, ...rest } = schema;
  return rest;
}

/** components.schemas: answers converted as what the server sends, bodies as what it accepts. */
function componentSchemas(): Record<string, JsonObject> {
  const uri = (id: string) => `${SCHEMA_REF}${id}`;
  const answers = z.registry<{ id: string }>();
  for (const [id, schema] of Object.entries({ ...COMPONENT_SCHEMAS, ...CONTACT_COMPONENT_SCHEMAS })) answers.add(schema, { id });
  // PolicyRules is registered on both sides so request bodies refer to it instead of repeating it.
  const bodies = z.registry<{ id: string }>();
  for (const [id, schema] of Object.entries({ ...REQUEST_SCHEMAS, ...CONTACT_REQUEST_SCHEMAS })) bodies.add(schema, { id });
  bodies.add(COMPONENT_SCHEMAS.PolicyRules, { id: "PolicyRules" });

  const out = z.toJSONSchema(answers, { uri, io: "output", override: openObjects }).schemas;
  const input = z.toJSONSchema(bodies, { uri, io: "input", override: openObjects }).schemas;
  const all: Record<string, JsonObject> = {};
  for (const [id, schema] of Object.entries({ ...input, ...out })) all[id] = stripDocumentKeys(schema as JsonObject);
  return all;
}

const ref = (name: ComponentName) => ({ $ref: `${SCHEMA_REF}${name}` });

function queryParameters(schema: z.ZodObject): JsonObject[] {
  const json = z.toJSONSchema(schema, { io: "input" }) as { properties?: Record<string, JsonObject>; required?: string[] };
  return Object.entries(json.properties ?? {}).map(([name, property]) => {
    const { description, ...rest } = property;
    return { name, in: "query", required: json.required?.includes(name) ?? false, ...(description ? { description } : {}), schema: rest };
  });
}

function pathParameter(name: string, schema: z.ZodType): JsonObject {
  const { description, ...rest } = stripDocumentKeys(z.toJSONSchema(schema) as JsonObject);
  return { name, in: "path", required: true, description, schema: rest };
}

function jsonContent(schema: JsonObject) {
  return { "application/json": { schema } };
}

function operation(spec: {
  id: string;
  summary: string;
  description?: string;
  parameters?: JsonObject[];
  body?: { schema: ComponentName; required: boolean };
  ok: { status: number; description: string; schema: ComponentName };
  errors: ErrorResponseName[];
}): JsonObject {
  const responses: JsonObject = { [spec.ok.status]: { description: spec.ok.description, content: jsonContent(ref(spec.ok.schema)) } };
  for (const name of spec.errors) responses[ERROR_RESPONSES[name][0]] = { $ref: `#/components/responses/${name}` };
  return {
    operationId: spec.id,
    summary: spec.summary,
    ...(spec.description ? { description: spec.description } : {}),
    ...(spec.parameters?.length ? { parameters: spec.parameters } : {}),
    ...(spec.body ? { requestBody: { required: spec.body.required, content: jsonContent(ref(spec.body.schema)) } } : {}),
    responses,
  };
}

function buildDocument(): JsonObject {
  const returnId = pathParameter("id", ReturnIdParamSchema);
  const decision = (verb: "approve" | "deny" | "complete" | "receive", body: ComponentName, summary: string, bodyRequired: boolean, more = "") =>
    operation({
      id: `${verb}Return`,
      summary,
      description: `Answers the return as \`GET /api/v1/returns/{id}\` does. 409 \`invalid_transition\` when its status does not allow this.${more}`,
      parameters: [returnId],
      body: { schema: body, required: bodyRequired },
      ok: { status: 200, description: "The return, changed.", schema: "MerchantReturnDetail" },
      errors: ["BadRequest", "Unauthorized", "Forbidden", "NotFound", "Conflict", "PayloadTooLarge", "UnsupportedMediaType"],
    });

  const responses: JsonObject = {};
  for (const [name, [, description]] of Object.entries({ ...ERROR_RESPONSES, ...WHATSAPP_ERROR_RESPONSES, ...INTEGRATION_ERROR_RESPONSES })) responses[name] = { description, content: jsonContent(ref("Error")) };

  return {
    openapi: "3.1.0",
    info: {
      title: "Dokani merchant API",
      version: "1.0.0",
      description:
        "For a merchant's own integrations (warehouse, ERP, scripts). Every request carries `Authorization: Bearer {apiKey}`; " +
        "a key is scoped to one shop, and another shop's resource answers 404 exactly like a missing one. " +
        "A key carries a scope: `read` keys may only read (a change answers 403 `insufficient_scope`), `write` keys may also change. " +
        "The same keys reach the MCP server at `POST /mcp` (docs/mcp.md). " +
        "Money is a decimal string with its currency; times are ISO 8601 in UTC. Lists are `{data, nextCursor}`.",
    },
    // The paths are absolute from the app's public origin (SHOPIFY_APP_URL), where the API is served.
    servers: [{ url: env().appUrl, description: "This Dokani app" }],
    security: [{ bearerAuth: [] }],
    paths: {
      "/api/v1/returns": {
        get: operation({
          id: "listReturns",
          summary: "List returns, newest first",
          description: "Keyset-paginated: pass `nextCursor` as `cursor` until it is null.",
          parameters: queryParameters(ListReturnsQuerySchema),
          ok: { status: 200, description: "A page of returns.", schema: "ReturnList" },
          errors: ["BadRequest", "Unauthorized"],
        }),
      },
      "/api/v1/returns/{id}": {
        get: operation({
          id: "getReturn",
          summary: "Get one return with its timeline",
          parameters: [returnId],
          ok: { status: 200, description: "The return.", schema: "MerchantReturnDetail" },
          errors: ["Unauthorized", "NotFound"],
        }),
        patch: operation({
          id: "changeReturn",
          summary: "Turn an exchange into store credit",
          description:
            "Only for an exchange that is not yet created on the store (pending or approved): every item becomes store credit with the bonus of the return's policy, and the replacements are dropped. Audited. 409 `invalid_state` once the exchange exists on the store or when the return is no exchange; 409 `invalid_transition` for a denied, cancelled or completed return.",
          parameters: [returnId],
          body: { schema: "ChangeReturnRequest", required: true },
          ok: { status: 200, description: "The return, changed.", schema: "MerchantReturnDetail" },
          errors: ["BadRequest", "Unauthorized", "Forbidden", "NotFound", "Conflict", "PayloadTooLarge", "UnsupportedMediaType"],
        }),
      },
      "/api/v1/returns/{id}/items/{lineItemId}": {
        patch: operation({
          id: "changeReturnItem",
          summary: "Choose another replacement for an item of an exchange",
          description:
            "The variant is read again from the store: it must be sold, in stock for the quantity returned, and allowed by the return's policy (422 `unprocessable` with the policy's reason otherwise). The price difference follows the new choice. Audited. 409 `invalid_state` once the exchange exists on the store or when the item has no replacement; 409 `invalid_transition` for a denied, cancelled or completed return.",
          parameters: [returnId, pathParameter("lineItemId", LineItemIdParamSchema)],
          body: { schema: "ChangeReturnItemRequest", required: true },
          ok: { status: 200, description: "The return, changed.", schema: "MerchantReturnDetail" },
          errors: ["BadRequest", "Unauthorized", "Forbidden", "NotFound", "Conflict", "PayloadTooLarge", "UnsupportedMediaType", "UnprocessableEntity"],
        }),
      },
      "/api/v1/returns/{id}/approve": { post: decision("approve", "ApproveReturnRequest", "Approve a return awaiting triage or review", false) },
      "/api/v1/returns/{id}/deny": { post: decision("deny", "DenyReturnRequest", "Deny a return awaiting triage or review", true) },
      "/api/v1/returns/{id}/complete": {
        post: decision(
          "complete",
          "CompleteReturnRequest",
          "Complete an approved return: the reviewed refund or credit is issued",
          false,
          " Without a body every line is refunded in full as estimated; with `lines` (units, amount and restock per line), `amount` and `resolution`, exactly the reviewed amount moves on the store. 400 `invalid_request` names each line that does not add up.",
        ),
      },
      "/api/v1/returns/{id}/receive": {
        post: decision("receive", "ReceiveReturnRequest", "Mark the items of an approved return received", false, " The return stays approved until it is completed."),
      },
      "/api/v1/policies": {
        get: operation({
          id: "listPolicies",
          summary: "List every policy version, the active one marked",
          ok: { status: 200, description: "Every version, newest first.", schema: "PolicyList" },
          errors: ["Unauthorized"],
        }),
        post: operation({
          id: "createPolicy",
          summary: "Save a new draft policy version",
          body: { schema: "CreatePolicyRequest", required: true },
          ok: { status: 201, description: "The new draft version.", schema: "CreatedPolicy" },
          errors: ["BadRequest", "Unauthorized", "Forbidden", "Conflict", "PayloadTooLarge", "UnsupportedMediaType", "UnprocessableEntity"],
        }),
      },
      "/api/v1/policies/{version}/activate": {
        post: operation({
          id: "activatePolicy",
          summary: "Make a version the active policy",
          description: "The previous active version is archived. Activating the active version changes nothing.",
          parameters: [pathParameter("version", PolicyVersionParamSchema)],
          ok: { status: 200, description: "The activated version.", schema: "Policy" },
          errors: ["Unauthorized", "Forbidden", "NotFound"],
        }),
      },
      "/api/v1/analytics/summary": {
        get: operation({
          id: "getAnalyticsSummary",
          summary: "Summarise the returns requested in a period",
          description: "At most 366 days; by default the last 30 days.",
          parameters: queryParameters(AnalyticsSummaryQuerySchema),
          ok: { status: 200, description: "The summary.", schema: "AnalyticsSummary" },
          errors: ["BadRequest", "Unauthorized"],
        }),
      },
      "/mcp": {
        post: {
          operationId: "mcp",
          summary: "Model Context Protocol endpoint for AI assistants",
          description:
            "Streamable HTTP, stateless, JSON answers: each POST carries one JSON-RPC message (2025 revisions or 2026-07-28) and is answered at once. " +
            "The tools (list_returns, get_return, explain_return_decision, approve_return, deny_return, get_active_policy, list_policy_versions, draft_policy, " +
            "backtest_policy, search_conversations, get_conversation, reply_to_conversation, list_calls, get_call, search_contacts, get_contact, search_knowledge, get_analytics_summary) answer " +
            "`structuredContent` in this document's shapes; a write tool called with a read key answers `isError: true` with `insufficient_scope`. " +
            "A missing or bad key answers 401 with `WWW-Authenticate: Bearer`; a foreign Host or browser Origin 403; a body over 256 KB 413; too many requests 429.",
          requestBody: { required: true, content: jsonContent({ type: "object", description: "A JSON-RPC 2.0 request or notification" }) },
          responses: {
            200: { description: "The JSON-RPC answer.", content: jsonContent({ type: "object" }) },
            202: { description: "A notification, accepted." },
            401: { $ref: "#/components/responses/Unauthorized" },
            403: { description: "A foreign Host header or browser Origin (`forbidden`).", content: jsonContent(ref("Error")) },
            413: { description: "The message is larger than 256 KB.", content: jsonContent({ type: "object" }) },
            429: { description: "The key sent too many requests this minute (`rate_limited`, with Retry-After).", content: jsonContent(ref("Error")) },
          },
        },
      },
      ...whatsAppOpenApiPaths(),
      ...integrationOpenApiPaths(),
      ...callsOpenApiPaths(),
      ...contactPaths(),
      ...automationPaths(),
      "/api/v1/openapi.json": {
        get: {
          operationId: "getOpenApiDocument",
          summary: "This document",
          security: [],
          responses: { 200: { description: "The OpenAPI 3.1 document of this API.", content: jsonContent({ type: "object" }) } },
        },
      },
    },
    components: {
      schemas: { ...componentSchemas(), ...whatsAppOpenApiSchemas(), ...integrationOpenApiSchemas(), ...callsOpenApiSchemas() },
      responses,
      securitySchemes: {
        bearerAuth: { type: "http", scheme: "bearer", bearerFormat: "dk_...", description: "A merchant API key, created in the Dokani admin or with `dokani api-keys:create [--scope read]`; a read key may only read." },
      },
    },
  };
}

/** The contacts and conversations of API.md's "Contacts, channels, calls and MCP". */
function contactPaths(): JsonObject {
  const contactId = pathParameter("id", ContactIdParamSchema);
  return {
    "/api/v1/contacts": {
      get: operation({
        id: "listContacts",
        summary: "List or search contacts, newest first",
        description: "`query` matches part of a name, an email or a phone number. Merged contacts are left out. Keyset-paginated.",
        parameters: queryParameters(ListContactsQuerySchema),
        ok: { status: 200, description: "A page of contacts.", schema: "ContactList" },
        errors: ["BadRequest", "Unauthorized"],
      }),
    },
    "/api/v1/contacts/{id}": {
      get: operation({
        id: "getContact",
        summary: "Get one contact with their conversations, returns and calls",
        description: 'A merged contact answers 404 `{"error": {"code": "contact_merged", "mergedInto": id, "message"}}`: ask for `mergedInto` instead.',
        parameters: [contactId],
        ok: { status: 200, description: "The contact.", schema: "ContactDetail" },
        errors: ["Unauthorized", "NotFound"],
      }),
    },
    "/api/v1/contacts/{id}/merge": {
      post: operation({
        id: "mergeContact",
        summary: "Merge another contact into this one",
        description:
          "Every identity, conversation, return, call and risk profile of `from` moves to `{id}`, and `from` becomes a tombstone that answers `contact_merged` with `mergedInto`. " +
          "409 `cannot_merge` when `from` is `{id}` itself or already merged; 404 when either is not this shop's.",
        parameters: [contactId],
        body: { schema: "MergeContactRequest", required: true },
        ok: { status: 200, description: "The surviving contact.", schema: "ContactDetail" },
        errors: ["BadRequest", "Unauthorized", "NotFound", "Conflict", "PayloadTooLarge", "UnsupportedMediaType"],
      }),
    },
    "/api/v1/conversations": {
      get: operation({
        id: "listConversations",
        summary: "List conversations over every channel, most recent activity first",
        description: "A merged contact's id lists its survivor's conversations. Keyset-paginated.",
        parameters: queryParameters(ListConversationsQuerySchema),
        ok: { status: 200, description: "A page of conversations.", schema: "ConversationList" },
        errors: ["BadRequest", "Unauthorized"],
      }),
    },
    "/api/v1/conversations/{id}": {
      get: operation({
        id: "getConversation",
        summary: "Get one conversation with its messages",
        parameters: [pathParameter("id", ConversationIdParamSchema)],
        ok: { status: 200, description: "The conversation, messages oldest first.", schema: "ConversationDetail" },
        errors: ["Unauthorized", "NotFound"],
      }),
    },
  };
}

/** The automation and outgoing-webhook routes (docs/API.md, "Automation and outgoing webhooks"). */
function automationPaths(): JsonObject {
  const id = pathParameter("id", IdParamSchema);
  const write: ErrorResponseName[] = ["BadRequest", "Unauthorized", "PayloadTooLarge", "UnsupportedMediaType"];
  const noContent = (opId: string, summary: string) => ({ operationId: opId, summary, parameters: [id], responses: { 204: { description: "Deleted." }, 401: { $ref: "#/components/responses/Unauthorized" }, 404: { $ref: "#/components/responses/NotFound" } } });
  return {
    "/api/v1/rules": {
      get: operation({ id: "listRules", summary: "List the automation rules in the order they run", ok: { status: 200, description: "Every rule.", schema: "RuleList" }, errors: ["Unauthorized"] }),
      post: operation({ id: "createRule", summary: "Add a rule, last in the order", body: { schema: "RuleRequest", required: true }, ok: { status: 201, description: "The rule.", schema: "RuleView" }, errors: [...write, "Conflict", "UnprocessableEntity"] }),
    },
    "/api/v1/rules/{id}": {
      get: operation({ id: "getRule", summary: "Get a rule", parameters: [id], ok: { status: 200, description: "The rule.", schema: "RuleView" }, errors: ["Unauthorized", "NotFound"] }),
      put: operation({ id: "updateRule", summary: "Replace a rule", parameters: [id], body: { schema: "RuleRequest", required: true }, ok: { status: 200, description: "The rule.", schema: "RuleView" }, errors: [...write, "NotFound", "UnprocessableEntity"] }),
      delete: noContent("deleteRule", "Delete a rule"),
    },
    "/api/v1/rules/backtests": {
      post: operation({ id: "startRuleBacktest", summary: "Try a rule over the last 7, 30 or 90 days", description: "Nothing is changed. Poll the backtest until it is completed.", body: { schema: "RuleBacktestRequest", required: true }, ok: { status: 202, description: "The queued backtest.", schema: "RuleBacktest" }, errors: [...write, "NotFound", "UnprocessableEntity"] }),
    },
    "/api/v1/rules/backtests/{id}": {
      get: operation({ id: "getRuleBacktest", summary: "A rule backtest's progress and result", parameters: [id], ok: { status: 200, description: "The backtest.", schema: "RuleBacktest" }, errors: ["Unauthorized", "NotFound"] }),
    },
    "/api/v1/saved-replies": {
      get: operation({ id: "listSavedReplies", summary: "List saved replies", ok: { status: 200, description: "Every saved reply.", schema: "SavedReplyList" }, errors: ["Unauthorized"] }),
      post: operation({ id: "createSavedReply", summary: "Save a reply", body: { schema: "SavedReplyRequest", required: true }, ok: { status: 201, description: "The saved reply.", schema: "SavedReply" }, errors: [...write, "Conflict"] }),
    },
    "/api/v1/saved-replies/{id}": {
      put: operation({ id: "updateSavedReply", summary: "Replace a saved reply", parameters: [id], body: { schema: "SavedReplyRequest", required: true }, ok: { status: 200, description: "The saved reply.", schema: "SavedReply" }, errors: [...write, "NotFound", "Conflict"] }),
      delete: noContent("deleteSavedReply", "Delete a saved reply"),
    },
    "/api/v1/conversations/labels": {
      post: operation({ id: "changeConversationLabels", summary: "Add or remove tags and set the priority of up to 200 conversations", body: { schema: "ConversationLabelsRequest", required: true }, ok: { status: 200, description: "The conversations' tags and priority.", schema: "ConversationLabelsResult" }, errors: [...write, "NotFound"] }),
    },
    "/api/v1/webhook-endpoints": {
      get: operation({ id: "listWebhookEndpoints", summary: "List the endpoints that receive signed webhooks", ok: { status: 200, description: "Every endpoint.", schema: "WebhookEndpointList" }, errors: ["Unauthorized"] }),
      post: operation({ id: "createWebhookEndpoint", summary: "Register an endpoint", description: "HTTPS only; addresses that resolve to private, loopback or link-local ranges are refused. The answer carries the signing secret, shown only here.", body: { schema: "WebhookEndpointRequest", required: true }, ok: { status: 201, description: "The endpoint and its secret.", schema: "WebhookEndpointWithSecret" }, errors: [...write, "Conflict"] }),
    },
    "/api/v1/webhook-endpoints/{id}": {
      get: operation({ id: "getWebhookEndpoint", summary: "Get an endpoint", parameters: [id], ok: { status: 200, description: "The endpoint.", schema: "WebhookEndpoint" }, errors: ["Unauthorized", "NotFound"] }),
      put: operation({ id: "updateWebhookEndpoint", summary: "Replace an endpoint's address, events, description or switch", parameters: [id], body: { schema: "WebhookEndpointRequest", required: true }, ok: { status: 200, description: "The endpoint.", schema: "WebhookEndpoint" }, errors: [...write, "NotFound"] }),
      delete: noContent("deleteWebhookEndpoint", "Delete an endpoint and its delivery log"),
    },
    "/api/v1/webhook-endpoints/{id}/rotate-secret": {
      post: operation({ id: "rotateWebhookSecret", summary: "Rotate the signing secret", description: "Deliveries carry a second `v1=` signed with the old secret for 24 hours.", parameters: [id], ok: { status: 200, description: "The endpoint and its new secret.", schema: "WebhookEndpointWithSecret" }, errors: ["Unauthorized", "NotFound"] }),
    },
    "/api/v1/webhook-endpoints/{id}/deliveries": {
      get: operation({ id: "listWebhookDeliveries", summary: "An endpoint's delivery log, newest first", parameters: [id, ...queryParameters(DeliveriesQuerySchema)], ok: { status: 200, description: "The deliveries.", schema: "WebhookDeliveryList" }, errors: ["BadRequest", "Unauthorized", "NotFound"] }),
    },
    "/api/v1/webhook-endpoints/{id}/deliveries/{deliveryId}/replay": {
      post: operation({ id: "replayWebhookDelivery", summary: "Send a delivery again", parameters: [id, pathParameter("deliveryId", IdParamSchema)], ok: { status: 202, description: "The delivery, pending again.", schema: "WebhookDelivery" }, errors: ["Unauthorized", "NotFound", "Conflict"] }),
    },
  };
}

let cached: JsonObject | undefined;

/** The OpenAPI 3.1 document of the merchant REST API, generated from the schemas the routes validate with. */
export function openApiDocument(): JsonObject {
  cached ??= buildDocument();
  return cached;
}
