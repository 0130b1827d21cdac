import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { StartChatSessionInput, startChatSession } from "../.server/channels/web-chat/start-chat-session.server";
import { withErrorBody } from "../.server/http/error-response.server";
import { readJsonBody } from "../.server/http/read-json-body.server";
import { assertMethod, json } from "../.server/http/route-helpers.server";
import { authenticateProxy } from "../.server/proxy/authenticate-proxy.server";

/** POST /proxy/chat/sessions: open a chat and get its token and greeting (API.md). */
export const action = ({ request, context }: ActionFunctionArgs) =>
  withErrorBody(async () => {
    assertMethod(request, "POST");
    const ctx = await authenticateProxy(request, context);
    const input = await readJsonBody(request, StartChatSessionInput);
    return json(await startChatSession(ctx, input), 201);
  });

export const loader = ({ request }: LoaderFunctionArgs) => withErrorBody(async () => assertMethod(request, "POST") as never);
