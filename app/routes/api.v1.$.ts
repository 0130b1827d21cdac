import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { errorResponse } from "../.server/http/error-response.server";
import { AppError } from "../.server/errors";

/** Any other /api/v1 path: API.md's error body, not an HTML page. */
const notFound = () => errorResponse(new AppError("not_found", "There is no such endpoint in the Dokani API. See /api/v1/openapi.json."));

export const loader = (_: LoaderFunctionArgs) => notFound();
export const action = (_: ActionFunctionArgs) => notFound();
