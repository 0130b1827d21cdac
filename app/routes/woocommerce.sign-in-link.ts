import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { withErrorBody } from "../.server/http/error-response.server";
import { readTextCapped } from "../.server/http/read-json-body.server";
import { assertMethod, json } from "../.server/http/route-helpers.server";
import { AppError } from "../.server/errors";
import { issueSignInLink } from "../.server/woocommerce/issue-sign-in-link.server";

/** POST /woocommerce/sign-in-link: a one-minute, single-use admin sign-in link for the plugin's "Open Dokani" button. */
export const action = ({ request }: ActionFunctionArgs) =>
  withErrorBody(async () => {
    assertMethod(request, "POST");
    if (!/^application\/json\b/i.test(request.headers.get("content-type") ?? "")) throw new AppError("unsupported_media_type", "Send the request body as JSON (Content-Type: application/json).");
    const body = await readTextCapped(request, 8 * 1024);
    return json(await issueSignInLink(request.headers, body));
  });

export const loader = ({ request }: LoaderFunctionArgs) => withErrorBody(async () => assertMethod(request, "POST") as never);
