import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { isRouteErrorResponse, Link, useActionData, useLoaderData, useNavigation, useRouteError, useSubmit } from "@remix-run/react";
import { Banner, BlockStack, Layout, Modal, Page, Text } from "@shopify/polaris";
import { useState } from "react";
import { z } from "zod";
import { db } from "../.server/db.server";
import { AppError } from "../.server/errors";
import { notFound, orNotFound } from "../.server/http/not-found.server";
import { runIntent } from "../.server/http/run-intent.server";
import { activatePolicyVersion } from "../.server/policies/activate-policy-version.server";
import { findDisagreeingArticles } from "../.server/policies/find-disagreeing-articles.server";
import { archivePolicyVersion } from "../.server/policies/archive-policy-version.server";
import { rulesHash } from "../.server/policies/backtest-result";
import { toBacktestView } from "../.server/policies/describe-backtest";
import { diffPolicyRules } from "../.server/policies/diff-policy-rules";
import { duplicatePolicyVersion } from "../.server/policies/duplicate-policy-version.server";
import { formatMoneyAmount } from "../.server/money";
import { rulesOfVersion } from "../.server/policies/get-active-policy.server";
import { getLatestBacktest } from "../.server/policies/get-latest-backtest.server";
import { getPolicyVersion } from "../.server/policies/get-policy-version.server";
import { listPolicyVersions } from "../.server/policies/list-policy-versions.server";
import { parsePolicyForm } from "../.server/policies/parse-policy-form";
import { parsePolicyRules } from "../.server/policies/policy-rules";
import { startPolicyBacktest } from "../.server/policies/start-policy-backtest.server";
import { updatePolicyDraft } from "../.server/policies/update-policy-draft.server";
import { authenticateAdmin } from "../.server/shops/authenticate-admin.server";
import { BacktestCard } from "../components/policies/BacktestCard";
import { formatDate } from "../components/policies/format";
import { BACKTEST_DAY_CHOICES } from "../components/policies/labels";
import { PolicyDiffCard } from "../components/policies/PolicyDiffCard";
import { PolicyRulesForm } from "../components/policies/PolicyRulesForm";
import { PolicyStatusBadge } from "../components/policies/PolicyStatusBadge";
import { useToast } from "../components/toast";
import { useActionResult } from "../components/use-action-result";
import type { ActionResult } from "../components/action-result";
import { boundary } from "@shopify/shopify-app-remix/server";
import { useShopTimeZone } from "../components/shop-time";

export const meta: MetaFunction = () => [{ title: "Policy version · Dokani" }];

const NO_SUCH_VERSION = "No such policy version.";

/** A path version is a positive whole number; anything else names nothing (404, never a 500). */
function versionParam(value: string | undefined): number {
  if (!value || !/^[1-9]\d{0,8}$/.test(value)) throw notFound(NO_SUCH_VERSION);
  return Number(value);
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const ctx = await authenticateAdmin(request);
  const version = versionParam(params.version);
  const policy = await orNotFound(getPolicyVersion(ctx, version), NO_SUCH_VERSION);
  const rules = parsePolicyRules(policy.rules);
  const versions = await listPolicyVersions(ctx);
  const others = versions.filter((v) => v.version !== version);
  const requested = Number(new URL(request.url).searchParams.get("compare"));
  const compare =
    others.find((v) => v.version === requested) ?? others.find((v) => v.status === "active") ?? others.find((v) => v.version < version) ?? others[0] ?? null;
  const backtest = await getLatestBacktest(ctx, { policyId: policy.id });
  return {
    policy: {
      version: policy.version,
      status: policy.status,
      notes: policy.notes,
      createdAt: policy.createdAt.toISOString(),
      activatedAt: policy.activatedAt?.toISOString() ?? null,
      archivedAt: policy.archivedAt?.toISOString() ?? null,
      rules,
    },
    activeVersion: versions.find((v) => v.status === "active")?.version ?? null,
    versions: versions.map((v) => ({ version: v.version, status: v.status })),
    compareVersion: compare?.version ?? null,
    changes: compare ? diffPolicyRules(parsePolicyRules(compare.rules), rules, { currency: ctx.shop.currency }) : [],
    backtest: backtest ? toBacktestView(backtest, rulesHash(rules)) : null,
    currencySymbol: formatMoneyAmount("0", ctx.shop.currency).replace(/[\d.,\s-]/g, "") || ctx.shop.currency,
  };
}

const IntentSchema = z.enum(["save", "activate", "archive", "duplicate", "backtest"]);
const DaysSchema = z.coerce
  .number()
  .int()
  .refine((d) => (BACKTEST_DAY_CHOICES as readonly number[]).includes(d), `must be one of ${BACKTEST_DAY_CHOICES.join(", ")} days`);

type DisagreeingArticleView = { articleId: string; title: string; disagreements: Array<{ subject: string; articleSays: number; policySays: number; excerpt: string }> };

export type PolicyActionResult = ActionResult<z.infer<typeof IntentSchema>>;

export async function action({ request, params }: ActionFunctionArgs): Promise<PolicyActionResult | Response> {
  const ctx = await authenticateAdmin(request);
  const version = versionParam(params.version);
  const form = await request.formData();
  return runIntent(
    { intent: form.get("intent") },
    z.object({ intent: IntentSchema }),
    async ({ intent }) => {
      switch (intent) {
        case "save": {
          // Exists, belongs to this shop and is a draft, before the form's errors are worth showing.
          const current = await getPolicyVersion(ctx, version);
          if (current.status !== "draft") {
            throw new AppError("invalid_state", `Version ${version} is ${current.status} and can't be changed. Duplicate it as a draft to make changes.`);
          }
          const { rules, notes } = parsePolicyForm(form);
          await updatePolicyDraft(ctx, { version, rules, notes });
          return { message: `Version ${version} saved.` };
        }
        case "activate": {
          const activated = await activatePolicyVersion(ctx, { version });
          const disagreeing = await findDisagreeingArticles(db(), ctx.shop.id, rulesOfVersion(activated));
          // The toast confirms the activation; the page's banner lists the articles that now disagree.
          return {
            message: `Version ${version} is now the active policy.`,
            disagreeingArticles: disagreeing.map((a) => ({ articleId: a.articleId, title: a.title, disagreements: a.disagreements.map((d) => ({ subject: d.subject, articleSays: d.articleSays, policySays: d.policySays, excerpt: d.excerpt })) })),
          };
        }
        case "archive":
          await archivePolicyVersion(ctx, { version });
          return { message: `Version ${version} is archived.` };
        case "duplicate": {
          const draft = await duplicatePolicyVersion(ctx, { source: version });
          return redirect(`/app/policies/${draft.version}`);
        }
        case "backtest": {
          const days = DaysSchema.safeParse(form.get("days"));
          if (!days.success) throw new AppError("invalid_request", "Choose how many days of returns to test.", { fields: { days: days.error.issues[0]!.message } });
          await startPolicyBacktest(ctx, { version, days: days.data });
          return { message: "Backtest started." };
        }
      }
    },
    { notFound: NO_SUCH_VERSION, invalid: () => "Choose what to do with this version." },
  );
}

export default function PolicyVersionPage() {
  const timeZone = useShopTimeZone();
  const data = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>() as PolicyActionResult | undefined;
  const navigation = useNavigation();
  const submit = useSubmit();
  const toast = useToast();
  const [confirming, setConfirming] = useState(false);
  const { policy } = data;
  const pendingIntent = navigation.state !== "idle" ? navigation.formData?.get("intent") : undefined;

  useActionResult(result, (answer) => {
    if (answer.ok) toast.show(answer.message);
    if (answer.intent === "activate") setConfirming(false);
  });

  const act = (intent: string) => submit({ intent }, { method: "post" });
  const failure = result && !result.ok ? result : null;
  const saveErrors = failure?.intent === "save" && failure.fields ? failure.fields : {};
  const otherError = failure && failure.intent !== "backtest" ? failure : null;
  const disagreeing: DisagreeingArticleView[] = result && result.ok && result.intent === "activate" && "disagreeingArticles" in result ? (result.disagreeingArticles as DisagreeingArticleView[]) : [];
  const editable = policy.status === "draft";
  // The form restarts from the saved rules after a save; a failed save keeps what was typed.
  const formKey = `${policy.version}:${JSON.stringify(policy.rules)}:${policy.notes ?? ""}`;

  return (
    <Page
      title={`Policy version ${policy.version}`}
      titleMetadata={<PolicyStatusBadge status={policy.status} />}
      subtitle={`Created ${formatDate(policy.createdAt, timeZone)}${policy.activatedAt ? ` · activated ${formatDate(policy.activatedAt, timeZone)}` : ""}${policy.archivedAt ? ` · archived ${formatDate(policy.archivedAt, timeZone)}` : ""}`}
      backAction={{ content: "Policies", url: "/app/policies" }}
      primaryAction={policy.status === "active" ? undefined : { content: "Activate", onAction: () => setConfirming(true), loading: pendingIntent === "activate" }}
      secondaryActions={[
        { content: "Duplicate as draft", onAction: () => act("duplicate"), loading: pendingIntent === "duplicate" },
        ...(policy.status === "archived" ? [] : [{ content: "Archive", destructive: true, onAction: () => act("archive"), loading: pendingIntent === "archive" }]),
      ]}
    >
      <Layout>
        {otherError ? (
          <Layout.Section>
            <Banner tone="critical" title={otherError.intent === "save" ? "The draft was not saved" : "That didn't work"}>
              <p>{otherError.error}</p>
            </Banner>
          </Layout.Section>
        ) : null}
        {disagreeing.length ? (
          <Layout.Section>
            <Banner tone="warning" title={disagreeing.length === 1 ? "A help article now disagrees with this policy" : `${disagreeing.length} help articles now disagree with this policy`}>
              <p>The assistant answers from the policy; update these articles so shoppers read the same figures.</p>
              <ul>
                {disagreeing.map((a) => (
                  <li key={a.articleId}>
                    <Link to={`/app/knowledge/${a.articleId}`}>{a.title}</Link>
                    {": "}
                    {a.disagreements.map((d) => `${d.subject}: the article says ${d.articleSays}, the policy ${d.policySays}`).join("; ")}
                  </li>
                ))}
              </ul>
            </Banner>
          </Layout.Section>
        ) : null}
        {!editable ? (
          <Layout.Section>
            <Banner tone="info" title={`This version is ${policy.status} and can't be edited`}>
              <p>Duplicate it as a draft to make changes.</p>
            </Banner>
          </Layout.Section>
        ) : null}
        <Layout.Section>
          <BlockStack gap="400">
            <PolicyRulesForm
              key={formKey}
              rules={policy.rules}
              notes={policy.notes}
              errors={saveErrors}
              readOnly={!editable}
              saving={pendingIntent === "save"}
              currencySymbol={data.currencySymbol}
            />
            {/* In the wide column: its outcome matrix needs the room, inside Shopify admin's frame too. */}
            <BacktestCard
              version={policy.version}
              backtest={data.backtest}
              error={failure?.intent === "backtest" ? failure.error : undefined}
              fieldError={failure?.intent === "backtest" ? failure.fields?.days : undefined}
              starting={pendingIntent === "backtest"}
            />
          </BlockStack>
        </Layout.Section>
        <Layout.Section variant="oneThird">
          <BlockStack gap="400">
            <PolicyDiffCard version={policy.version} compareVersion={data.compareVersion} versions={data.versions} changes={data.changes} />
          </BlockStack>
        </Layout.Section>
      </Layout>
      <Modal
        open={confirming}
        onClose={() => setConfirming(false)}
        title={`Activate version ${policy.version}?`}
        primaryAction={{ content: `Activate version ${policy.version}`, onAction: () => act("activate"), loading: pendingIntent === "activate" }}
        secondaryActions={[{ content: "Cancel", onAction: () => setConfirming(false) }]}
      >
        <Modal.Section>
          <Text as="p">
            Version {policy.version} will decide every new return from now on
            {data.activeVersion ? `; version ${data.activeVersion}, active now, will be archived` : ""}. Returns already decided keep their decision.
            {editable ? " The saved rules are activated: save your changes first." : ""}
          </Text>
        </Modal.Section>
      </Modal>
    </Page>
  );
}

export function ErrorBoundary() {
  const error = useRouteError();
  const missing = isRouteErrorResponse(error) && error.status === 404;
  // Shopify's own responses (session bounces) and real failures go to the app's boundary.
  if (!missing) return boundary.error(error);
  return (
    <Page title="Policy version not found" backAction={{ content: "Policies", url: "/app/policies" }}>
      <Banner tone="warning" title="There is no such policy version in this store">
        <p>It may have been typed wrong. Open a version from the list of policies.</p>
      </Banner>
    </Page>
  );
}
