import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { useActionData, useLoaderData, useNavigation, useSubmit } from "@remix-run/react";
import { Banner, Button, Card, EmptyState, IndexTable, Layout, Link, Page, Text } from "@shopify/polaris";
import { z } from "zod";
import { summarizeImpact } from "../.server/policies/describe-backtest";
import { duplicatePolicyVersion } from "../.server/policies/duplicate-policy-version.server";
import { listPolicyVersions } from "../.server/policies/list-policy-versions.server";
import { runIntent } from "../.server/http/run-intent.server";
import { authenticateAdmin } from "../.server/shops/authenticate-admin.server";
import { formatDate } from "../components/policies/format";
import { PolicyStatusBadge } from "../components/policies/PolicyStatusBadge";
import { useShopTimeZone } from "../components/shop-time";

export const meta: MetaFunction = () => [{ title: "Return policies · Dokani" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const ctx = await authenticateAdmin(request);
  const versions = await listPolicyVersions(ctx);
  return {
    versions: versions.map((v) => ({
      version: v.version,
      status: v.status,
      notes: v.notes,
      createdAt: v.createdAt.toISOString(),
      activatedAt: v.activatedAt?.toISOString() ?? null,
      impact: summarizeImpact(v.impact),
    })),
  };
}

export async function action({ request }: ActionFunctionArgs) {
  const ctx = await authenticateAdmin(request);
  return runIntent(
    Object.fromEntries(await request.formData()),
    z.object({ intent: z.literal("new") }),
    async () => {
      const draft = await duplicatePolicyVersion(ctx, { source: "active" });
      return redirect(`/app/policies/${draft.version}`);
    },
    { invalid: () => "Choose what to do." },
  );
}

export default function Policies() {
  const timeZone = useShopTimeZone();
  const { versions } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const navigation = useNavigation();
  const submit = useSubmit();
  const creating = navigation.state !== "idle" && navigation.formData?.get("intent") === "new";
  const newDraft = () => submit({ intent: "new" }, { method: "post" });
  return (
    <Page
      title="Return policies"
      subtitle="Each version is a whole set of rules. Edit a draft, compare it, backtest it on past returns, then activate it."
      primaryAction={{ content: "New draft", helpText: "A copy of the active version", onAction: newDraft, loading: creating }}
    >
      <Layout>
        {result && !result.ok ? (
          <Layout.Section>
            <Banner tone="critical" title="Could not create a draft">
              <p>{result.error}</p>
            </Banner>
          </Layout.Section>
        ) : null}
        <Layout.Section>
          <Card padding="0">
            {versions.length === 0 ? (
              <EmptyState heading="No policy versions yet" image="" action={{ content: "Start a draft", onAction: newDraft }}>
                <p>A new draft starts from Dokani&apos;s default return policy.</p>
              </EmptyState>
            ) : (
              <IndexTable
                resourceName={{ singular: "policy version", plural: "policy versions" }}
                itemCount={versions.length}
                selectable={false}
                headings={[{ title: "Version" }, { title: "Status" }, { title: "Created" }, { title: "Activated" }, { title: "Notes" }, { title: "Last backtest" }, { title: "Actions" }]}
              >
                {versions.map((v, index) => (
                  <IndexTable.Row id={String(v.version)} key={v.version} position={index}>
                    <IndexTable.Cell>
                      <Link url={`/app/policies/${v.version}`} removeUnderline>
                        <Text as="span" fontWeight="semibold">
                          Version {v.version}
                        </Text>
                      </Link>
                    </IndexTable.Cell>
                    <IndexTable.Cell>
                      <PolicyStatusBadge status={v.status} />
                    </IndexTable.Cell>
                    <IndexTable.Cell>{formatDate(v.createdAt, timeZone)}</IndexTable.Cell>
                    <IndexTable.Cell>{formatDate(v.activatedAt, timeZone)}</IndexTable.Cell>
                    <IndexTable.Cell>
                      <Text as="span" tone="subdued" breakWord>
                        {v.notes ?? "—"}
                      </Text>
                    </IndexTable.Cell>
                    <IndexTable.Cell>
                      <Text as="span" breakWord>
                        {v.impact ?? "Not backtested"}
                      </Text>
                    </IndexTable.Cell>
                    <IndexTable.Cell>
                      <Button url={`/app/policies/${v.version}`} accessibilityLabel={`Open version ${v.version}`}>
                        Open
                      </Button>
                    </IndexTable.Cell>
                  </IndexTable.Row>
                ))}
              </IndexTable>
            )}
          </Card>
        </Layout.Section>
      </Layout>
    </Page>
  );
}
