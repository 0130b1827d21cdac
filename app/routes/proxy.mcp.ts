import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { serveMcp } from "../.server/mcp/serve-http.server";
import { storefrontEndpoint } from "../.server/mcp/storefront-endpoint.server";

/** POST /proxy/mcp: the store's returns desk for shoppers' own AI assistants (API.md "MCP"), behind the signed app proxy. */
export const action = ({ request, context }: ActionFunctionArgs) => serveMcp(request, storefrontEndpoint, context);

/** GET answers 405: the endpoint keeps no session and opens no stream. */
export const loader = ({ request, context }: LoaderFunctionArgs) => serveMcp(request, storefrontEndpoint, context);
