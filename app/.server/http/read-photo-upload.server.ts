import { MaxPartSizeExceededError, unstable_createMemoryUploadHandler, unstable_parseMultipartFormData } from "@remix-run/node";
import { AppError } from "../errors";
import { MAX_EVIDENCE_BYTES } from "../returns/add-evidence.server";

/** Room for the multipart envelope around a file of the maximum size. */
const ENVELOPE_BYTES = 64 * 1024;

/**
 * The bytes of the photo a shopper uploaded as multipart field `file`, at most 10 MB (refused from
 * Content-Length before reading when it says more). What the bytes are is the storage's to sniff.
 */
export async function readPhotoUpload(request: Request): Promise<Uint8Array> {
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
  return new Uint8Array(await file.arrayBuffer());
}
