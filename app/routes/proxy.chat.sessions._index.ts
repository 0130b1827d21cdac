import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { chatCallOptions } from "../.server/channels/web-chat/chat-call-options.server";
import { StartChatSessionInput, startChatSession } from "../.server/channels/web-chat/start-chat-session.server";
import { withErrorBody } from "../.server/http/error-response.server";
import { readJsonBody } from "../.server/http/read-json-body.server";
import { assertMethod, json } from "../.server/http/route-helpers.server";
import { authenticateProxy } from "../.server/proxy/authenticate-proxy.server";

/** POST /proxy/chat/sessions: open a chat and get its token, greeting and the call buttons it may show (API.md). */
export const action = ({ request, context }: ActionFunctionArgs) =>
  withErrorBody(async () => {
    assertMethod(request, "POST");
    const ctx = await authenticateProxy(request, context);
    const input = await readJsonBody(request, StartChatSessionInput);
    const [started, calls] = await Promise.all([startChatSession(ctx, input), chatCallOptions(ctx.shop)]);
    return json({ ...started, calls }, 201);
  });

export const loader = ({ request }: LoaderFunctionArgs) => withErrorBody(async () => assertMethod(request, "POST") as never);
