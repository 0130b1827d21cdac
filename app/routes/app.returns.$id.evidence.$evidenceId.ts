import type { LoaderFunctionArgs } from "@remix-run/node";
import { db } from "../.server/db.server";
import { withErrorBody } from "../.server/http/error-response.server";
import { parseId } from "../.server/http/route-helpers.server";
import { getReturnEvidence } from "../.server/returns/get-return-evidence.server";
import { authenticateAdmin } from "../.server/shops/authenticate-admin.server";

/** GET /app/returns/{id}/evidence/{evidenceId}: one of a return's photos for the merchant's lightbox. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const { shop } = await authenticateAdmin(request);
  return withErrorBody(async () => {
    const id = parseId(params.id, "photo");
    const evidenceId = parseId(params.evidenceId, "photo");
    const { bytes, mimeType } = await getReturnEvidence(db(), shop.id, id, evidenceId);
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
