import type { LoaderFunctionArgs } from "@remix-run/node";
import { getChatAttachment } from "../.server/channels/web-chat/get-chat-attachment.server";
import { openChatRequest } from "../.server/channels/web-chat/open-chat-request.server";
import { withErrorBody } from "../.server/http/error-response.server";
import { parseId } from "../.server/http/route-helpers.server";

/** GET /proxy/chat/sessions/{id}/attachments/{attachmentId}?token=: a photo of this chat, for the widget's preview. */
export const loader = ({ request, params }: LoaderFunctionArgs) =>
  withErrorBody(async () => {
    const { conversation } = await openChatRequest(request, params.id, { tokenInQuery: true });
    const file = await getChatAttachment(conversation, parseId(params.attachmentId, "photo"));
    return new Response(new Uint8Array(file.bytes), {
      headers: {
        "Content-Type": file.mimeType,
        "Content-Length": String(file.bytes.byteLength),
        "Cache-Control": "private, max-age=3600",
        "X-Content-Type-Options": "nosniff",
        "Content-Disposition": "inline",
      },
    });
  });
