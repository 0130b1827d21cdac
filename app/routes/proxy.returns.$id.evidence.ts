import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { withErrorBody } from "../.server/http/error-response.server";
import { readPhotoUpload } from "../.server/http/read-photo-upload.server";
import { assertMethod, json, parseId } from "../.server/http/route-helpers.server";
import { authenticateProxy } from "../.server/proxy/authenticate-proxy.server";
import { addEvidence } from "../.server/returns/add-evidence.server";
import { assertReturnToken } from "../.server/returns/get-shopper-return.server";

/** POST /proxy/returns/{id}/evidence?token=: add a photo to a return (API.md). */
export const action = ({ request, params }: ActionFunctionArgs) =>
  withErrorBody(async () => {
    assertMethod(request, "POST");
    const ctx = await authenticateProxy(request);
    const url = new URL(request.url);
    const id = parseId(params.id, "return");
    const token = url.searchParams.get("token");
    assertReturnToken(ctx.shop, id, token);
    const bytes = await readPhotoUpload(request);
    const evidence = await addEvidence(ctx, { returnId: id, bytes });
    const prefix = url.searchParams.get("path_prefix") || "/apps/dokani";
    return json({ evidence: { id: evidence.id, url: `${prefix}/returns/${id}/evidence/${evidence.id}?token=${encodeURIComponent(token!)}` } }, 201);
  });

export const loader = ({ request }: LoaderFunctionArgs) => withErrorBody(async () => assertMethod(request, "POST") as never);
