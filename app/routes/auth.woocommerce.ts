import type { LoaderFunctionArgs } from "@remix-run/node";
import { AppError } from "../.server/errors";
import { log } from "../.server/logger.server";
import { adminSessionCookie } from "../.server/woocommerce/admin-session.server";
import { redeemSignInToken } from "../.server/woocommerce/redeem-sign-in-token.server";
import { messagePage } from "../.server/woocommerce/message-page";

/**
 * GET /auth/woocommerce?token=…: the link the plugin's "Open Dokani" button leads to. A valid,
 * unused token opens an admin session (cookie) and goes to /app; a used or expired one gets a page
 * that says what to do.
 */
export async function loader({ request }: LoaderFunctionArgs) {
  const token = new URL(request.url).searchParams.get("token");
  try {
    const { sessionToken } = await redeemSignInToken(token);
    return new Response(null, { status: 303, headers: { Location: "/app", "Set-Cookie": adminSessionCookie(sessionToken), "Cache-Control": "no-store", "Referrer-Policy": "no-referrer" } });
  } catch (error) {
    if (!(error instanceof AppError)) {
      log().error({ err: error }, "sign-in from WordPress failed");
      return messagePage(500, "Sign-in failed", "Something went wrong on our side. Open Dokani again from your WordPress dashboard.");
    }
    const used = error.code === "conflict";
    return messagePage(used ? 409 : 401, used ? "This sign-in link was already used" : "This sign-in link has expired", error.message);
  }
}
