import type { LoadContext } from "../../app/.server/http/load-context";

/** The arguments Remix passes a loader or action, as the Express server would build them. */
export function routeArgs(request: Request, params: Record<string, string> = {}, context: Partial<LoadContext> = {}) {
  return { request, params, context: { remoteAddress: "127.0.0.1", requestId: "test-request", ...context } };
}
