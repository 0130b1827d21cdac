import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import { readApiBody } from "../.server/api/api-request.server";
import { authenticateWriteKey } from "../.server/api-keys/authenticate-api-key.server";
import { withErrorBody } from "../.server/http/error-response.server";
import { assertMethod, json } from "../.server/http/route-helpers.server";
import { deleteSavedReply, toSavedReplyView, updateSavedReply } from "../.server/automation/saved-replies.server";

/** Any other method: 405 with `Allow`. */
export const loader = ({ request }: LoaderFunctionArgs) =>
  withErrorBody(async () => {
    assertMethod(request, "PUT", "DELETE");
    return json({});
  });

/** PUT /api/v1/saved-replies/{id} {name, body}; DELETE. */
export const action = ({ request, params }: ActionFunctionArgs) =>
  withErrorBody(async () => {
    assertMethod(request, "PUT", "DELETE");
    const ctx = await authenticateWriteKey(request);
    if (request.method === "DELETE") {
      await deleteSavedReply(ctx, params.id ?? "");
      return new Response(null, { status: 204 });
    }
    return json(toSavedReplyView(await updateSavedReply(ctx, params.id ?? "", await readApiBody(request, z.unknown()))));
  });
