import type { ActionFunctionArgs } from "@remix-run/node";
import { openApiDocument } from "../.server/api/openapi";
import { withErrorBody } from "../.server/http/error-response.server";
import { assertMethod, json } from "../.server/http/route-helpers.server";

/** GET /api/v1/openapi.json: the OpenAPI 3.1 document of the merchant API; public, it holds no shop data. */
export const loader = () => withErrorBody(async () => json(openApiDocument(), 200, { "Cache-Control": "public, max-age=300" }));

/** Only GET is served here. */
export const action = ({ request }: ActionFunctionArgs) => withErrorBody(async () => assertMethod(request, "GET") as never);
