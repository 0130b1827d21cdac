import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { MaxPartSizeExceededError, unstable_createMemoryUploadHandler, unstable_parseMultipartFormData } from "@remix-run/node";
import { AppError } from "../.server/errors";
import { withErrorBody } from "../.server/http/error-response.server";
import { assertMethod, json, parseId } from "../.server/http/route-helpers.server";
import { authenticateProxy } from "../.server/proxy/authenticate-proxy.server";
import { addEvidence, MAX_EVIDENCE_BYTES } from "../.server/returns/add-evidence.server";
import { assertReturnToken } from "../.server/returns/get-shopper-return.server";

/** Room for the multipart envelope around a file of the maximum size. */
const ENVELOPE_BYTES = 64 * 1024;

/** POST /proxy/returns/{id}/evidence?token=: add a photo to a return (API.md). */
export const action = ({ request, params }: ActionFunctionArgs) =>
  withErrorBody(async () => {
    assertMethod(request, "POST");
    const { shop } = await authenticateProxy(request);
    const url = new URL(request.url);
    const id = parseId(params.id, "return");
    const token = url.searchParams.get("token");
    assertReturnToken(shop, id, token);
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
    const evidence = await addEvidence(shop, id, { bytes: new Uint8Array(await file.arrayBuffer()) });
    const prefix = url.searchParams.get("path_prefix") || "/apps/dokani";
    return json({ evidence: { id: evidence.id, url: `${prefix}/returns/${id}/evidence/${evidence.id}?token=${encodeURIComponent(token!)}` } }, 201);
  });

export const loader = ({ request }: LoaderFunctionArgs) => withErrorBody(async () => assertMethod(request, "POST") as never);
