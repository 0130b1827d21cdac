import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation, useSearchParams, useSubmit } from "@remix-run/react";
import { Badge, Banner, BlockStack, Box, Button, Card, EmptyState, IndexTable, InlineStack, Layout, Link, Page, Tabs, Text, TextField } from "@shopify/polaris";
import { useEffect, useState } from "react";
import { AppError } from "../.server/errors";
import { knowledgeListIntentSchema } from "../.server/knowledge/article-intents";
import { importDemoArticles } from "../.server/knowledge/import-demo-articles.server";
import { importShopPolicies, type ImportSummary } from "../.server/knowledge/import-shop-policies.server";
import { articleFiltersSchema, listArticles } from "../.server/knowledge/list-articles.server";
import { PlatformError } from "../.server/platforms/platform";
import { adminGraphqlFromClient } from "../.server/platforms/shopify/admin-transport.server";
import { runIntent } from "../.server/http/run-intent.server";
import { authenticateAdmin } from "../.server/shops/authenticate-admin.server";
import { formatTime } from "../components/conversations/format";
import { SOURCE_LABELS } from "../components/knowledge/labels";
import { useToast } from "../components/toast";
import { useShopTimeZone } from "../components/shop-time";

export const meta: MetaFunction = () => [{ title: "Knowledge base · Dokani" }];

const STATUS_TABS = ["all", "published", "draft"] as const;

export async function loader({ request }: LoaderFunctionArgs) {
  const ctx = await authenticateAdmin(request);
  const filters = articleFiltersSchema.parse(Object.fromEntries(new URL(request.url).searchParams));
  let staleCursor = false;
  let page;
  try {
    page = await listArticles(ctx, filters);
  } catch (error) {
    if (!(error instanceof AppError && error.fields?.cursor)) throw error;
    staleCursor = true;
    page = await listArticles(ctx, { ...filters, cursor: undefined });
  }
  return { filters: { ...filters, cursor: staleCursor ? undefined : filters.cursor }, ...page, staleCursor, demo: ctx.demo };
}

export async function action({ request }: ActionFunctionArgs) {
  const ctx = await authenticateAdmin(request);
  const { demo, admin } = ctx;
  return runIntent(
    Object.fromEntries(await request.formData()),
    knowledgeListIntentSchema,
    async () => {
      if (!demo && !admin) throw new AppError("unprocessable", "This store is not connected to Shopify, so there are no Shopify policies to import.");
      try {
        const summary = demo ? await importDemoArticles(ctx) : await importShopPolicies(ctx, { graphql: adminGraphqlFromClient(admin!) });
        return { message: summaryText(summary), summary, at: Date.now() };
      } catch (error) {
        if (error instanceof PlatformError) throw new AppError("platform_error", error.message, { cause: error });
        throw error;
      }
    },
    { invalid: (error) => error.issues[0]!.message },
  );
}

function summaryText(summary: ImportSummary) {
  const parts = [`${summary.created} new`, `${summary.updated} updated`, `${summary.unchanged} unchanged`];
  if (summary.skipped) parts.push(`${summary.skipped} empty skipped`);
  return `Import finished: ${parts.join(", ")}`;
}

export default function KnowledgeBase() {
  const timeZone = useShopTimeZone();
  const { filters, rows, nextCursor, staleCursor, demo } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const navigation = useNavigation();
  const submit = useSubmit();
  const { show } = useToast();
  const [searchParams, setSearchParams] = useSearchParams();
  const [q, setQ] = useState(filters.q ?? "");
  const deleted = searchParams.get("deleted");
  useEffect(() => {
    if (result?.ok) show(result.message);
  }, [result, show]);
  useEffect(() => {
    if (!deleted) return;
    show("Article deleted");
    const next = new URLSearchParams(searchParams);
    next.delete("deleted");
    setSearchParams(next, { replace: true });
  }, [deleted, searchParams, setSearchParams, show]);
  const withParams = (change: (params: URLSearchParams) => void) => {
    const next = new URLSearchParams(searchParams);
    change(next);
    next.delete("deleted");
    setSearchParams(next);
  };
  const importing = navigation.state !== "idle" && navigation.formData?.get("intent") === "import";
  return (
    <Page
      title="Knowledge base"
      subtitle="The articles the chat answers from. Only published articles are used."
      primaryAction={{ content: "New article", url: "/app/knowledge/new" }}
      secondaryActions={[
        {
          content: demo ? "Restore sample articles" : "Import Shopify policies",
          loading: importing,
          onAction: () => submit({ intent: "import" }, { method: "post" }),
        },
      ]}
    >
      <Layout>
        {result && !result.ok ? (
          <Layout.Section>
            <Banner tone="critical" title="The import did not finish">
              <p>{result.error}</p>
            </Banner>
          </Layout.Section>
        ) : null}
        {staleCursor ? (
          <Layout.Section>
            <Banner tone="warning" title="That page of the list is out of date">
              <p>Showing the most recently updated articles instead.</p>
            </Banner>
          </Layout.Section>
        ) : null}
        <Layout.Section>
          <Card padding="0">
            <Tabs
              tabs={STATUS_TABS.map((s) => ({ id: `articles-${s}`, content: s === "all" ? "All" : s === "published" ? "Published" : "Drafts" }))}
              selected={STATUS_TABS.indexOf(filters.status)}
              onSelect={(index) =>
                withParams((p) => {
                  p.set("status", STATUS_TABS[index]!);
                  p.delete("cursor");
                })
              }
            />
            <Box padding="400">
              <Form
                method="get"
                onSubmit={(event) => {
                  event.preventDefault();
                  withParams((p) => {
                    if (q.trim()) p.set("q", q.trim());
                    else p.delete("q");
                    p.delete("cursor");
                  });
                }}
              >
                <InlineStack gap="200" blockAlign="end">
                  <div style={{ flexGrow: 1 }}>
                    <TextField label="Search by title" name="q" value={q} onChange={setQ} autoComplete="off" maxLength={200} />
                  </div>
                  <Button submit>Search</Button>
                </InlineStack>
              </Form>
            </Box>
            {rows.length === 0 ? (
              <EmptyState heading={filters.q || filters.status !== "all" ? "No matching articles" : "No articles yet"} image="">
                <p>{filters.q || filters.status !== "all" ? "Try another search or tab." : "Write an article or import your store's policies so the chat can answer from them."}</p>
              </EmptyState>
            ) : (
              <IndexTable
                resourceName={{ singular: "article", plural: "articles" }}
                itemCount={rows.length}
                selectable={false}
                headings={[{ title: "Title" }, { title: "Status" }, { title: "Source" }, { title: "Tags" }, { title: "Updated" }]}
              >
                {rows.map((row, index) => (
                  <IndexTable.Row id={row.id} key={row.id} position={index}>
                    <IndexTable.Cell>
                      <Link url={`/app/knowledge/${row.id}`} dataPrimaryLink removeUnderline>
                        <Text as="span" fontWeight="semibold">
                          {row.title}
                        </Text>
                      </Link>
                    </IndexTable.Cell>
                    <IndexTable.Cell>
                      <Badge tone={row.status === "published" ? "success" : undefined}>{row.status === "published" ? "Published" : "Draft"}</Badge>
                    </IndexTable.Cell>
                    <IndexTable.Cell>{SOURCE_LABELS[row.source] ?? row.source}</IndexTable.Cell>
                    <IndexTable.Cell>
                      <BlockStack>
                        <Text as="span" tone="subdued">
                          {row.tags.join(", ") || "—"}
                        </Text>
                      </BlockStack>
                    </IndexTable.Cell>
                    <IndexTable.Cell>
                      <time dateTime={row.updatedAt} suppressHydrationWarning>
                        {formatTime(row.updatedAt, timeZone)}
                      </time>
                    </IndexTable.Cell>
                  </IndexTable.Row>
                ))}
              </IndexTable>
            )}
            {filters.cursor || nextCursor ? (
              <Box padding="400">
                <InlineStack gap="200" align="center">
                  <Button disabled={!filters.cursor} onClick={() => withParams((p) => p.delete("cursor"))}>
                    Most recent
                  </Button>
                  <Button disabled={!nextCursor} onClick={() => withParams((p) => p.set("cursor", nextCursor ?? ""))}>
                    Older
                  </Button>
                </InlineStack>
              </Box>
            ) : null}
          </Card>
        </Layout.Section>
      </Layout>
    </Page>
  );
}
