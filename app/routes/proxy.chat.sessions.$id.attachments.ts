import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { addChatAttachment } from "../.server/channels/web-chat/add-chat-attachment.server";
import { openChatRequest } from "../.server/channels/web-chat/open-chat-request.server";
import { withErrorBody } from "../.server/http/error-response.server";
import { readPhotoUpload } from "../.server/http/read-photo-upload.server";
import { shopperAddress } from "../.server/http/load-context";
import { assertMethod, json } from "../.server/http/route-helpers.server";

/** POST /proxy/chat/sessions/{id}/attachments: upload a photo for the next message (docs/chat.md). */
export const action = ({ request, params, context }: ActionFunctionArgs) =>
  withErrorBody(async () => {
    assertMethod(request, "POST");
    const { conversation, attachmentUrl } = await openChatRequest(request, params.id);
    const bytes = await readPhotoUpload(request);
    const attachment = await addChatAttachment(conversation, { bytes }, { clientAddress: shopperAddress(request, context) });
    return json({ attachment: { id: attachment.id, url: attachmentUrl(attachment.id) } }, 201);
  });

export const loader = ({ request }: LoaderFunctionArgs) => withErrorBody(async () => assertMethod(request, "POST") as never);
