import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import { readApiBody } from "../.server/api/api-request.server";
import { authenticateWriteKey } from "../.server/api-keys/authenticate-api-key.server";
import { withErrorBody } from "../.server/http/error-response.server";
import { assertMethod, json } from "../.server/http/route-helpers.server";
import { changeConversationLabels } from "../.server/automation/conversation-labels.server";

/** Any other method: 405 with `Allow`. */
export const loader = ({ request }: LoaderFunctionArgs) =>
  withErrorBody(async () => {
    assertMethod(request, "POST");
    return json({});
  });

/** POST /api/v1/conversations/labels {conversationIds, addTags?, removeTags?, priority?}: tags and priority on many conversations at once. */
export const action = ({ request }: ActionFunctionArgs) =>
  withErrorBody(async () => {
    assertMethod(request, "POST");
    const ctx = await authenticateWriteKey(request);
    const body = await readApiBody(request, z.unknown());
    const changed = await changeConversationLabels(ctx, body as never);
    return json({ data: changed.map((c) => ({ id: c.id, tags: c.tags, priority: c.priority })) });
  });
