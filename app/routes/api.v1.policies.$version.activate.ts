import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { parsePolicyVersion } from "../.server/api/api-request.server";
import { toPolicyVersionView } from "../.server/api/merchant-views";
import { authenticateWriteKey } from "../.server/api-keys/authenticate-api-key.server";
import { withErrorBody } from "../.server/http/error-response.server";
import { assertMethod, json } from "../.server/http/route-helpers.server";
import { db } from "../.server/db.server";
import { activatePolicyVersion } from "../.server/policies/activate-policy-version.server";
import { findDisagreeingArticles } from "../.server/policies/find-disagreeing-articles.server";
import { rulesOfVersion } from "../.server/policies/get-active-policy.server";

/**
 * POST /api/v1/policies/{version}/activate: makes the version active and archives the previous one;
 * `disagreeingArticles` lists the published help articles whose figures the new policy contradicts.
 */
export const action = ({ request, params }: ActionFunctionArgs) =>
  withErrorBody(async () => {
    assertMethod(request, "POST");
    const ctx = await authenticateWriteKey(request);
    const policy = await activatePolicyVersion(ctx, { version: parsePolicyVersion(params.version) });
    const disagreeingArticles = await findDisagreeingArticles(db(), ctx.shop.id, rulesOfVersion(policy));
    return json({ ...toPolicyVersionView(policy), disagreeingArticles });
  });

/** Only POST is served here. */
export const loader = ({ request }: LoaderFunctionArgs) => withErrorBody(async () => assertMethod(request, "POST") as never);
