import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { withErrorBody } from "../.server/http/error-response.server";
import { assertMethod } from "../.server/http/route-helpers.server";
import { clearAdminSessionCookie } from "../.server/woocommerce/admin-session.server";
import { messagePage } from "../.server/woocommerce/message-page";
import { revokeAdminSession } from "../.server/woocommerce/revoke-admin-session.server";

/** POST /auth/sign-out: ends a WordPress-started admin session (revoked in the database, cookie cleared). */
export const action = async ({ request }: ActionFunctionArgs) =>
  withErrorBody(async () => {
    assertMethod(request, "POST");
    await revokeAdminSession(request);
    return messagePage(200, "You are signed out", "Open Dokani again from your WordPress dashboard whenever you need it.", { "Set-Cookie": clearAdminSessionCookie() });
  });

export const loader = ({ request }: LoaderFunctionArgs) => withErrorBody(async () => assertMethod(request, "POST") as never);
