import type { LoaderFunctionArgs } from "@remix-run/node";
import { withErrorBody } from "../.server/http/error-response.server";
import { parseId } from "../.server/http/route-helpers.server";
import { getReturnEvidence } from "../.server/returns/get-return-evidence.server";
import { authenticateAdmin } from "../.server/shops/authenticate-admin.server";

/** GET /app/returns/{id}/evidence/{evidenceId}: one of a return's photos for the merchant's lightbox. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const ctx = await authenticateAdmin(request);
  return withErrorBody(async () => {
    const id = parseId(params.id, "photo");
    const evidenceId = parseId(params.evidenceId, "photo");
    const { bytes, mimeType } = await getReturnEvidence(ctx, { returnId: id, evidenceId });
    return new Response(new Uint8Array(bytes), {
      headers: {
        "Content-Type": mimeType,
        "Content-Length": String(bytes.byteLength),
        "Cache-Control": "private, max-age=3600",
        "X-Content-Type-Options": "nosniff",
        "Content-Disposition": "inline",
        // Stored bytes were sniffed on upload; this stops anything else from ever running as a page.
        "Content-Security-Policy": "default-src 'none'; sandbox",
      },
    });
  });
}
