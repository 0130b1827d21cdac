import { z } from "zod";
import { EndpointInputSchema } from "../outgoing-webhooks/endpoints.server";
import { WEBHOOK_EVENT_TYPES } from "../outgoing-webhooks/webhook-events";
import { LabelChangeSchema } from "../automation/conversation-labels.server";
import { ActionSchema, ConditionGroupSchema, PRIORITIES, RuleDefinitionSchema, RuleInputSchema, TriggerSchema } from "../automation/rule-schema";
import { SavedReplyInputSchema } from "../automation/saved-replies.server";

/** The automation routes' answers and bodies, for the OpenAPI document (docs/API.md, "Automation and outgoing webhooks"). */

const iso = z.string().describe("ISO 8601 time in UTC");

const RuleViewSchema = z.object({
  id: z.uuid(),
  name: z.string(),
  enabled: z.boolean(),
  position: z.number().int(),
  trigger: TriggerSchema.nullable(),
  conditions: ConditionGroupSchema.nullable(),
  actions: z.array(ActionSchema),
  createdAt: iso,
  updatedAt: iso,
});

const RuleBacktestSchema = z.object({
  id: z.uuid(),
  ruleId: z.uuid().nullable(),
  status: z.enum(["queued", "running", "completed", "failed"]),
  progress: z.number().int().min(0).max(100),
  days: z.number().int(),
  result: z
    .object({
      events: z.number().int(),
      matched: z.number().int(),
      matches: z.array(z.object({ at: iso, eventType: z.string(), conversationId: z.uuid().nullable(), returnId: z.uuid().nullable(), who: z.string().nullable(), excerpt: z.string().nullable() })),
      wouldDo: z.array(z.string()),
      truncated: z.boolean(),
    })
    .nullable(),
  error: z.string().nullable(),
  createdAt: iso,
  completedAt: iso.nullable(),
});

const SavedReplyViewSchema = z.object({ id: z.uuid(), name: z.string(), body: z.string(), createdAt: iso, updatedAt: iso });

const EndpointViewSchema = z.object({
  id: z.uuid(),
  url: z.string(),
  description: z.string().nullable(),
  events: z.array(z.enum(WEBHOOK_EVENT_TYPES)),
  enabled: z.boolean(),
  disabledAt: iso.nullable(),
  disabledReason: z.string().nullable(),
  failingSince: iso.nullable(),
  previousSecretExpiresAt: iso.nullable(),
  createdAt: iso,
});

const DeliveryViewSchema = z.object({
  id: z.uuid(),
  eventId: z.string(),
  eventType: z.string(),
  status: z.enum(["pending", "succeeded", "failed", "skipped"]),
  attempts: z.number().int(),
  responseStatus: z.number().int().nullable(),
  responseMs: z.number().int().nullable(),
  error: z.string().nullable(),
  lastAttemptAt: iso.nullable(),
  createdAt: iso,
});

export const AUTOMATION_COMPONENT_SCHEMAS = {
  RuleView: RuleViewSchema,
  RuleList: z.object({ data: z.array(RuleViewSchema) }),
  RuleBacktest: RuleBacktestSchema,
  SavedReply: SavedReplyViewSchema,
  SavedReplyList: z.object({ data: z.array(SavedReplyViewSchema) }),
  WebhookEndpoint: EndpointViewSchema,
  WebhookEndpointWithSecret: EndpointViewSchema.extend({ secret: z.string().describe("The signing secret: shown only in this answer") }),
  WebhookEndpointList: z.object({ data: z.array(EndpointViewSchema) }),
  WebhookDelivery: DeliveryViewSchema,
  WebhookDeliveryList: z.object({ data: z.array(DeliveryViewSchema) }),
  ConversationLabelsResult: z.object({ data: z.array(z.object({ id: z.uuid(), tags: z.array(z.string()), priority: z.enum(PRIORITIES) })) }),
} as const;

export const AUTOMATION_REQUEST_SCHEMAS = {
  RuleRequest: RuleInputSchema,
  RuleBacktestRequest: z.object({ rule: RuleDefinitionSchema, days: z.union([z.literal(7), z.literal(30), z.literal(90)]), ruleId: z.uuid().optional() }),
  SavedReplyRequest: SavedReplyInputSchema,
  WebhookEndpointRequest: EndpointInputSchema,
  ConversationLabelsRequest: LabelChangeSchema,
} as const;

export const IdParamSchema = z.uuid().describe("The resource's id");
export const DeliveriesQuerySchema = z.object({ limit: z.coerce.number().int().min(1).max(200).default(50).describe("At most this many deliveries, newest first (1 to 200, default 50)") });
