import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { runCallTool } from "../.server/calls/run-call-tool.server";
import { withErrorBody } from "../.server/http/error-response.server";
import { assertMethod } from "../.server/http/route-helpers.server";

/** POST /webhooks/elevenlabs/{shopId}/tools/{tool}: a voice agent's tool call, authenticated by the shop's X-Dokani-Tool-Secret. */
export const action = ({ request, params }: ActionFunctionArgs) =>
  withErrorBody(async () => {
    assertMethod(request, "POST");
    return runCallTool(request, params);
  });

export const loader = ({ request }: LoaderFunctionArgs) => withErrorBody(async () => assertMethod(request, "POST") as never);
