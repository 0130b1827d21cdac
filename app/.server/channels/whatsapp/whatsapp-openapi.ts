import { z } from "zod";
import { openApiSchema } from "../../api/openapi-schema";

/** The merchant API's WhatsApp-related operations and schemas, merged into the OpenAPI document by `api/openapi.ts`. */

const ConversationMessageRequest = z
  .object({
    text: z.string().max(4_000).optional().describe("Free-form text; on WhatsApp only within 24 hours of the shopper's last message."),
    template: z.string().regex(/^[a-z0-9_]{1,64}$/).optional().describe("WhatsApp only: the name of a template registered with the WhatsApp connection."),
    variables: z.record(z.string(), z.string().max(1_024)).optional().describe('The template\'s variables, such as {"1": "Ann"}.'),
  })
  .describe("Either `text`, or `template` with its `variables`.");

const ConversationMessage = z.object({
  id: z.uuid(),
  role: z.enum(["customer", "ai", "agent", "system"]),
  text: z.string(),
  createdAt: z.iso.datetime(),
  channel: z.enum(["chat", "email", "whatsapp", "voice", "video"]),
  deliveryStatus: z.enum(["queued", "sent", "delivered", "read", "failed"]).nullable().describe("For channels a provider carries: queued until the provider reports."),
  deliveryError: z.string().nullable().describe("The provider's error code and words when delivery failed."),
});


export function whatsAppOpenApiSchemas(): Record<string, Record<string, unknown>> {
  return {
    ConversationMessageRequest: openApiSchema(ConversationMessageRequest, "input"),
    ConversationMessage: openApiSchema(ConversationMessage, "output"),
  };
}

const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
const json = (schema: unknown) => ({ "application/json": { schema } });
const error = (name: string) => ({ $ref: `#/components/responses/${name}` });

/** Extra named error answers these operations use. */
export const WHATSAPP_ERROR_RESPONSES = {
  ReplyWindowClosed: [409, "WhatsApp's 24-hour window has closed: send a template (`reply_window_closed`); or the conversation is closed (`invalid_transition`)."],
} as const;

export function whatsAppOpenApiPaths(): Record<string, unknown> {
  const id = { name: "id", in: "path", required: true, schema: { type: "string", format: "uuid" } };
  return {
    "/api/v1/conversations/{id}/messages": {
      post: {
        operationId: "replyToConversation",
        summary: "Reply to the shopper through the conversation's own channel",
        description:
          "`{text}` on any channel, or `{template, variables}` on WhatsApp. The reply is delivered as the inbox's would be; on WhatsApp it starts `queued` and follows Twilio's status callbacks. 409 `reply_window_closed` for free-form text on WhatsApp more than 24 hours after the shopper's last message.",
        parameters: [id],
        requestBody: { required: true, content: json(ref("ConversationMessageRequest")) },
        responses: {
          201: { description: "The reply, stored and on its way.", content: json(ref("ConversationMessage")) },
          400: error("BadRequest"),
          401: error("Unauthorized"),
          404: error("NotFound"),
          409: error("ReplyWindowClosed"),
          413: error("PayloadTooLarge"),
          415: error("UnsupportedMediaType"),
        },
      },
    },
  };
}
