import type { LoaderFunctionArgs } from "@remix-run/node";
import { db } from "../.server/db.server";
import { AppError } from "../.server/errors";
import { withErrorBody } from "../.server/http/error-response.server";
import { parseId } from "../.server/http/route-helpers.server";
import { authenticateProxy } from "../.server/proxy/authenticate-proxy.server";
import { assertReturnToken } from "../.server/returns/get-shopper-return.server";
import { getFile } from "../.server/storage/file-storage.server";

/** GET /proxy/returns/{id}/evidence/{evidenceId}?token=: one of the shopper's photos, for the portal's preview. */
export const loader = ({ request, params }: LoaderFunctionArgs) =>
  withErrorBody(async () => {
    const { shop } = await authenticateProxy(request);
    const id = parseId(params.id, "return");
    const evidenceId = parseId(params.evidenceId, "photo");
    assertReturnToken(shop, id, new URL(request.url).searchParams.get("token"));
    const file = await db().evidenceFile.findFirst({ where: { id: evidenceId, returnId: id, shopId: shop.id } });
    if (!file) throw new AppError("not_found", "No such photo.");
    const bytes = await getFile(file.storageKey, file.storage);
    return new Response(new Uint8Array(bytes), {
      headers: {
        "Content-Type": file.mimeType,
        "Content-Length": String(bytes.byteLength),
        "Cache-Control": "private, max-age=3600",
        "X-Content-Type-Options": "nosniff",
        "Content-Disposition": "inline",
      },
    });
  });
