import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { readApiBody } from "../.server/api/api-request.server";
import { toPolicyVersionView } from "../.server/api/merchant-views";
import { CreatePolicyRequestSchema } from "../.server/api/schemas";
import { authenticateApiKey, authenticateWriteKey } from "../.server/api-keys/authenticate-api-key.server";
import { AppError, zodFields } from "../.server/errors";
import { withErrorBody } from "../.server/http/error-response.server";
import { assertMethod, json } from "../.server/http/route-helpers.server";
import { createPolicyVersion } from "../.server/policies/create-policy-version.server";
import { listPolicyVersions } from "../.server/policies/list-policy-versions.server";

/** GET /api/v1/policies: every policy version, newest first, the active one marked. */
export const loader = ({ request }: LoaderFunctionArgs) =>
  withErrorBody(async () => {
    const ctx = await authenticateApiKey(request);
    const versions = await listPolicyVersions(ctx);
    return json({ data: versions.map(toPolicyVersionView) });
  });

/** POST /api/v1/policies {rules}: saves the rules as the next draft version (422 naming each bad rule). */
export const action = ({ request }: ActionFunctionArgs) =>
  withErrorBody(async () => {
    assertMethod(request, "POST");
    const ctx = await authenticateWriteKey(request);
    const body = await readApiBody(request, CreatePolicyRequestSchema, {
      invalid: (error) => new AppError("invalid_rules", "Some policy rules are missing or invalid.", { fields: zodFields(error) }),
    });
    const policy = await createPolicyVersion(ctx, { rules: body.rules });
    const { version, status, rules, createdAt } = toPolicyVersionView(policy);
    return json({ version, status, rules, createdAt }, 201);
  });
