import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { handleSimulatedTwilioApi } from "../.server/demo/whatsapp-simulator.server";
import { env } from "../.server/env.server";

/** The demo phone simulator's stand-in for Twilio's REST API (demo mode only). */
function serve(request: Request, path: string | undefined) {
  if (env().mode !== "demo") return new Response("Not found", { status: 404 });
  return handleSimulatedTwilioApi(request, path ?? "");
}

export const loader = ({ request, params }: LoaderFunctionArgs) => serve(request, params["*"]);
export const action = ({ request, params }: ActionFunctionArgs) => serve(request, params["*"]);
