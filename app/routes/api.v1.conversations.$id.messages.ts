import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import { readApiBody } from "../.server/api/api-request.server";
import { authenticateWriteKey } from "../.server/api-keys/authenticate-api-key.server";
import { replyToConversation } from "../.server/conversations/reply-to-conversation.server";
import { withErrorBody } from "../.server/http/error-response.server";
import { assertMethod, json, parseId } from "../.server/http/route-helpers.server";

/** `{text}` or `{template, variables}` (API.md, "Merchant API additions"). */
export const ConversationMessageInput = z
  .object({
    text: z.string().max(4_000, "must be at most 4,000 characters").optional(),
    template: z.string().regex(/^[a-z0-9_]{1,64}$/, "must be the name of a registered template").optional(),
    variables: z.record(z.string().regex(/^[A-Za-z0-9_]{1,32}$/), z.string().max(1_024, "must be at most 1,024 characters")).optional(),
  })
  .superRefine((body, issue) => {
    if (body.text === undefined && body.template === undefined) issue.addIssue({ code: "custom", path: ["text"], message: "is required (or send a template)" });
    if (body.text !== undefined && body.template !== undefined) issue.addIssue({ code: "custom", path: ["template"], message: "cannot be sent together with text" });
    if (body.variables !== undefined && body.template === undefined) issue.addIssue({ code: "custom", path: ["variables"], message: "go with a template" });
  });

/**
 * POST /api/v1/conversations/{id}/messages: the shop answers the shopper through the
 * conversation's own channel, as the inbox does. 201 MessageView (with its channel and delivery
 * status); 409 `reply_window_closed` for free-form text on WhatsApp after the 24-hour window.
 */
export const action = ({ request, params }: ActionFunctionArgs) =>
  withErrorBody(async () => {
    assertMethod(request, "POST");
    const ctx = await authenticateWriteKey(request);
    const conversationId = parseId(params.id, "conversation");
    const body = await readApiBody(request, ConversationMessageInput);
    const { conversation, message } = await replyToConversation({ shop: ctx.shop, actor: { type: "api", id: ctx.apiKey.id, name: ctx.apiKey.name } }, { conversationId, text: body.text, template: body.template, variables: body.variables });
    return json(
      {
        id: message.id,
        role: message.role,
        text: message.text,
        createdAt: message.createdAt.toISOString(),
        channel: conversation.channel,
        deliveryStatus: message.deliveryStatus,
        deliveryError: message.deliveryError,
      },
      201,
    );
  });

/** Only POST is served here. */
export const loader = ({ request }: LoaderFunctionArgs) => withErrorBody(async () => assertMethod(request, "POST") as never);
