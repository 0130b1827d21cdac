import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { Badge, BlockStack, Button, Card, EmptyState, IndexTable, InlineStack, Layout, Link, Page, Pagination, Tabs, Text, TextField } from "@shopify/polaris";
import { z } from "zod";
import { useState } from "react";
import { listRiskProfiles } from "../.server/risk/list-risk-profiles.server";
import { listSecurityEvents } from "../.server/risk/list-security-events.server";
import { resolveSecurityEvent, SECURITY_EVENT_RESOLUTIONS } from "../.server/risk/resolve-security-event.server";
import { db } from "../.server/db.server";
import { runIntent } from "../.server/http/run-intent.server";
import { authenticateAdmin } from "../.server/shops/authenticate-admin.server";
import { FLAG_LABELS, labelOf } from "../components/customers/labels";
import { RiskBadge } from "../components/customers/RiskBadge";
import type { ResolveResult } from "../components/customers/ResolveEventModal";
import { SecurityEventsTable } from "../components/customers/SecurityEventsTable";
import { formatShopDate, useShopTimeZone } from "../components/shop-time";

const TABS = ["customers", "events"] as const;
const EVENT_FILTERS = ["open", "resolved", "all"] as const;

export const meta: MetaFunction = () => [{ title: "Customers and risk · Dokani" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const ctx = await authenticateAdmin(request);
  const { shop } = ctx;
  const params = Object.fromEntries(new URL(request.url).searchParams);
  const tab: (typeof TABS)[number] = params.tab === "events" ? "events" : "customers";
  const openEvents = await db().securityEvent.count({ where: { shopId: shop.id, resolvedAt: null } });
  if (tab === "events") {
    return { tab, openEvents, customers: null, events: await listSecurityEvents(ctx, params), resolutions: SECURITY_EVENT_RESOLUTIONS };
  }
  return { tab, openEvents, customers: await listRiskProfiles(ctx, params), events: null, resolutions: SECURITY_EVENT_RESOLUTIONS };
}

const ResolveIntent = z.object({ intent: z.literal("resolve") }).loose();

export async function action({ request }: ActionFunctionArgs): Promise<ResolveResult> {
  const ctx = await authenticateAdmin(request);
  const form = Object.fromEntries(await request.formData());
  return runIntent(
    form,
    ResolveIntent,
    async () => {
      const event = await resolveSecurityEvent(ctx, form);
      return { message: "Security event resolved", resolved: event.id };
    },
    { invalid: () => "Unknown action." },
  );
}

/** Customers ranked by return risk, and the security events that need a merchant's judgement. */
export default function Customers() {
  const timeZone = useShopTimeZone();
  const data = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const [searchParams, setSearchParams] = useSearchParams();
  const [query, setQuery] = useState(data.customers?.q ?? "");

  const go = (next: Record<string, string>) => setSearchParams(next);
  return (
    <Page title="Customers and risk" subtitle="Return history and risk per customer, and events that need a look.">
      <Layout>
        <Layout.Section>
          <Card padding="0">
            <Tabs
              tabs={[
                { id: "customers", content: "Customers", panelID: "customers-panel" },
                { id: "events", content: `Security events${data.openEvents ? ` (${data.openEvents} open)` : ""}`, panelID: "events-panel" },
              ]}
              selected={TABS.indexOf(data.tab)}
              onSelect={(index) => go(index === 1 ? { tab: "events" } : {})}
            />
            {data.customers ? (
              <div id="customers-panel">
                <BlockStack gap="0">
                  <div style={{ padding: "var(--p-space-300)" }}>
                    <Form method="get">
                      <InlineStack gap="200" blockAlign="end">
                        <div style={{ flexGrow: 1 }}>
                          <TextField label="Search by email" name="q" value={query} onChange={setQuery} autoComplete="off" clearButton onClearButtonClick={() => setQuery("")} />
                        </div>
                        <Button submit>Search</Button>
                      </InlineStack>
                    </Form>
                  </div>
                  {data.customers.profiles.length === 0 ? (
                    <EmptyState heading={data.customers.q ? "No customer matches that email" : "No customers with returns yet"} image="">
                      <p>A customer gets a risk profile with their first return request.</p>
                    </EmptyState>
                  ) : (
                    <IndexTable
                      resourceName={{ singular: "customer", plural: "customers" }}
                      itemCount={data.customers.profiles.length}
                      selectable={false}
                      headings={[
                        { title: "Email" },
                        { title: "Orders", alignment: "end" },
                        { title: "Returns", alignment: "end" },
                        { title: "Denied", alignment: "end" },
                        { title: "Returned value", alignment: "end" },
                        { title: "Risk" },
                        { title: "Flags" },
                        { title: "Last return" },
                      ]}
                    >
                      {data.customers.profiles.map((p, index) => (
                        <IndexTable.Row id={p.id} key={p.id} position={index}>
                          <IndexTable.Cell>
                            <Link url={`/app/customers/${p.id}`}>{p.email}</Link>
                          </IndexTable.Cell>
                          <IndexTable.Cell>
                            <Text as="span" alignment="end" numeric>
                              {p.orderCount}
                            </Text>
                          </IndexTable.Cell>
                          <IndexTable.Cell>
                            <Text as="span" alignment="end" numeric>
                              {p.returnCount}
                            </Text>
                          </IndexTable.Cell>
                          <IndexTable.Cell>
                            <Text as="span" alignment="end" numeric>
                              {p.deniedCount}
                            </Text>
                          </IndexTable.Cell>
                          <IndexTable.Cell>
                            <Text as="span" alignment="end" numeric>
                              {p.returnedValue}
                            </Text>
                          </IndexTable.Cell>
                          <IndexTable.Cell>
                            <RiskBadge score={p.riskScore} />
                          </IndexTable.Cell>
                          <IndexTable.Cell>
                            <InlineStack gap="100">
                              {p.flags.length ? p.flags.map((f) => <Badge key={f} tone="warning">{labelOf(FLAG_LABELS, f)}</Badge>) : "—"}
                            </InlineStack>
                          </IndexTable.Cell>
                          <IndexTable.Cell>{p.lastReturnAt ? formatShopDate(p.lastReturnAt, timeZone) : "—"}</IndexTable.Cell>
                        </IndexTable.Row>
                      ))}
                    </IndexTable>
                  )}
                  <div style={{ padding: "var(--p-space-300)", display: "flex", justifyContent: "center" }}>
                    <Pagination
                      hasPrevious={data.customers.hasPrevious}
                      hasNext={data.customers.hasNext}
                      onPrevious={() => go({ ...(data.customers!.q ? { q: data.customers!.q } : {}), page: String(data.customers!.page - 1) })}
                      onNext={() => go({ ...(data.customers!.q ? { q: data.customers!.q } : {}), page: String(data.customers!.page + 1) })}
                      label={`Page ${data.customers.page} of ${data.customers.pageCount}`}
                    />
                  </div>
                </BlockStack>
              </div>
            ) : null}
            {data.events ? (
              <div id="events-panel">
                <Tabs
                  tabs={EVENT_FILTERS.map((f) => ({ id: `events-${f}`, content: f[0]!.toUpperCase() + f.slice(1), accessibilityLabel: `${f} security events` }))}
                  selected={EVENT_FILTERS.indexOf(data.events.status)}
                  onSelect={(index) => go({ tab: "events", status: EVENT_FILTERS[index]! })}
                />
                <SecurityEventsTable
                  events={data.events.events}
                  resolutions={data.resolutions}
                  result={result}
                  emptyHeading={data.events.status === "open" ? "No open security events" : `No ${data.events.status === "all" ? "" : "resolved "}security events`}
                />
                <div style={{ padding: "var(--p-space-300)", display: "flex", justifyContent: "center" }}>
                  <Pagination
                    hasPrevious={data.events.hasPrevious}
                    hasNext={data.events.hasNext}
                    onPrevious={() => go({ tab: "events", status: data.events!.status, page: String(data.events!.page - 1) })}
                    onNext={() => go({ tab: "events", status: data.events!.status, page: String(data.events!.page + 1) })}
                    label={`Page ${data.events.page}`}
                  />
                </div>
              </div>
            ) : null}
          </Card>
        </Layout.Section>
        {searchParams.get("tab") === "events" ? (
          <Layout.Section>
            <Text as="p" tone="subdued">
              Blocking a customer is a policy change: add their email to the blocked emails of a new version under <Link url="/app/policies">Policies</Link>.
            </Text>
          </Layout.Section>
        ) : null}
      </Layout>
    </Page>
  );
}
