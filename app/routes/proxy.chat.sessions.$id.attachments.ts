import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { MaxPartSizeExceededError, unstable_createMemoryUploadHandler, unstable_parseMultipartFormData } from "@remix-run/node";
import { addChatAttachment } from "../.server/chat/add-chat-attachment.server";
import { openChatRequest } from "../.server/chat/open-chat-request.server";
import { AppError } from "../.server/errors";
import { withErrorBody } from "../.server/http/error-response.server";
import { shopperAddress } from "../.server/http/load-context";
import { assertMethod, json } from "../.server/http/route-helpers.server";
import { MAX_EVIDENCE_BYTES } from "../.server/returns/add-evidence.server";

/** Room for the multipart envelope around a file of the maximum size. */
const ENVELOPE_BYTES = 64 * 1024;

/** POST /proxy/chat/sessions/{id}/attachments: upload a photo for the next message (docs/chat.md). */
export const action = ({ request, params, context }: ActionFunctionArgs) =>
  withErrorBody(async () => {
    assertMethod(request, "POST");
    const { conversation, attachmentUrl } = await openChatRequest(request, params.id);
    if (!/^multipart\/form-data\b/i.test(request.headers.get("content-type") ?? "")) {
      throw new AppError("unsupported_media_type", "Send the photo as multipart/form-data in a field named file.");
    }
    if (Number(request.headers.get("content-length") ?? 0) > MAX_EVIDENCE_BYTES + ENVELOPE_BYTES) throw new AppError("file_too_large", "Photos can be at most 10 MB.");
    let form: FormData;
    try {
      form = await unstable_parseMultipartFormData(request, unstable_createMemoryUploadHandler({ maxPartSize: MAX_EVIDENCE_BYTES }));
    } catch (error) {
      if (error instanceof MaxPartSizeExceededError) throw new AppError("file_too_large", "Photos can be at most 10 MB.");
      throw new AppError("invalid_request", "The upload could not be read. Send the photo in a field named file.");
    }
    const file = form.get("file");
    if (!(file instanceof Blob)) throw new AppError("invalid_request", "Send the photo in a field named file.", { fields: { file: "is required" } });
    const attachment = await addChatAttachment(conversation, { bytes: new Uint8Array(await file.arrayBuffer()) }, { clientAddress: shopperAddress(request, context) });
    return json({ attachment: { id: attachment.id, url: attachmentUrl(attachment.id) } }, 201);
  });

export const loader = ({ request }: LoaderFunctionArgs) => withErrorBody(async () => assertMethod(request, "POST") as never);
