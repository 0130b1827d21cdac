import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import { readApiBody } from "../.server/api/api-request.server";
import { authenticateApiKey, authenticateWriteKey } from "../.server/api-keys/authenticate-api-key.server";
import { withErrorBody } from "../.server/http/error-response.server";
import { assertMethod, json } from "../.server/http/route-helpers.server";
import { createSavedReply, listSavedReplies, toSavedReplyView } from "../.server/automation/saved-replies.server";

/** GET /api/v1/saved-replies. */
export const loader = ({ request }: LoaderFunctionArgs) =>
  withErrorBody(async () => {
    const ctx = await authenticateApiKey(request);
    return json({ data: (await listSavedReplies(ctx)).map(toSavedReplyView) });
  });

/** POST /api/v1/saved-replies {name, body}. */
export const action = ({ request }: ActionFunctionArgs) =>
  withErrorBody(async () => {
    assertMethod(request, "POST");
    const ctx = await authenticateWriteKey(request);
    return json(toSavedReplyView(await createSavedReply(ctx, await readApiBody(request, z.unknown()))), 201);
  });
