import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { handleSimulatedElevenLabsApi } from "../.server/demo/call-simulator.server";
import { env } from "../.server/env.server";

/** The demo call simulator's stand-in for ElevenLabs' REST API (demo mode only). */
function serve(request: Request, path: string | undefined) {
  if (env().mode !== "demo") return new Response("Not found", { status: 404 });
  return handleSimulatedElevenLabsApi(request, path ?? "");
}

export const loader = ({ request, params }: LoaderFunctionArgs) => serve(request, params["*"]);
export const action = ({ request, params }: ActionFunctionArgs) => serve(request, params["*"]);
