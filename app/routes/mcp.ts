import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { merchantEndpoint } from "../.server/mcp/merchant-endpoint.server";
import { serveMcp } from "../.server/mcp/serve-http.server";

/** POST /mcp: the merchant MCP server (Streamable HTTP, stateless, JSON responses; bearer merchant API key). */
export const action = ({ request }: ActionFunctionArgs) => serveMcp(request, merchantEndpoint);

/** GET answers 405: the endpoint keeps no session and opens no stream. */
export const loader = ({ request }: LoaderFunctionArgs) => serveMcp(request, merchantEndpoint);
