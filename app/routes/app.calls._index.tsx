import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, useLoaderData, useSearchParams } from "@remix-run/react";
import { Badge, Banner, Button, Card, EmptyState, IndexTable, InlineStack, Layout, Link, Page, Select, Text } from "@shopify/polaris";
import { useState } from "react";
import { listAdminCalls } from "../.server/call-admin/call-records.server";
import { AppError } from "../.server/errors";
import { authenticateAdmin } from "../.server/shops/authenticate-admin.server";
import { callDuration, DIRECTION_LABELS, KIND_LABELS, OUTCOME_LABELS, STATUS_LABELS, statusTone } from "../components/calls/call-labels";
import { formatShopDateTime, useShopTimeZone } from "../components/shop-time";

export const meta: MetaFunction = () => [{ title: "Calls · Dokani" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const ctx = await authenticateAdmin(request);
  const params = new URL(request.url).searchParams;
  const raw = { kind: params.get("kind") ?? undefined, status: params.get("status") ?? undefined, direction: params.get("direction") ?? undefined, cursor: params.get("cursor") ?? undefined };
  try {
    return { ...(await listAdminCalls(ctx, raw)), filterError: null };
  } catch (error) {
    if (!(error instanceof AppError)) throw error;
    // A hand-edited address: say which filter is wrong and show every call.
    const problems = Object.entries(error.fields ?? {}).map(([field, problem]) => `The ${field} filter ${problem}.`);
    return { ...(await listAdminCalls(ctx, {})), filterError: problems.join(" ") || error.message };
  }
}

const ANY = "";
const options = (labels: Record<string, string>, any: string) => [{ label: any, value: ANY }, ...Object.entries(labels).map(([value, label]) => ({ label, value }))];

/** The shop's voice and video calls, newest first; each leads to the conversation it belongs to. */
export default function Calls() {
  const { calls, nextCursor, query, filterError } = useLoaderData<typeof loader>();
  const timeZone = useShopTimeZone();
  const [params] = useSearchParams();
  const [kind, setKind] = useState<string>(query.kind ?? ANY);
  const [status, setStatus] = useState<string>(query.status ?? ANY);
  const [direction, setDirection] = useState<string>(query.direction ?? ANY);
  const next = new URLSearchParams(params);
  if (nextCursor) next.set("cursor", nextCursor);
  return (
    <Page title="Calls" subtitle="Voice and video calls the AI took or placed, with their transcripts in each conversation." secondaryActions={[{ content: "Set up calls", url: "/app/calls/setup" }]}>
      <Layout>
        {filterError ? (
          <Layout.Section>
            <Banner tone="warning" title="Some filters were ignored">
              <p>{filterError}</p>
            </Banner>
          </Layout.Section>
        ) : null}
        <Layout.Section>
          <Card padding="0">
            <div style={{ padding: "var(--p-space-300)" }}>
              <Form method="get">
                <InlineStack gap="300" blockAlign="end">
                  <Select label="Kind" name="kind" options={options(KIND_LABELS, "Voice and video")} value={kind} onChange={setKind} />
                  <Select label="Status" name="status" options={options(STATUS_LABELS, "Any status")} value={status} onChange={setStatus} />
                  <Select label="Direction" name="direction" options={options(DIRECTION_LABELS, "Any direction")} value={direction} onChange={setDirection} />
                  <Button submit>Filter</Button>
                </InlineStack>
              </Form>
            </div>
            {calls.length === 0 ? (
              <EmptyState heading={query.kind || query.status || query.direction ? "No call matches these filters" : "No calls yet"} image="">
                <p>Calls appear here once shoppers call from the chat or your voice agent phones them. Switch calls on under Set up calls.</p>
              </EmptyState>
            ) : (
              <IndexTable
                resourceName={{ singular: "call", plural: "calls" }}
                itemCount={calls.length}
                selectable={false}
                headings={[{ title: "When" }, { title: "Who" }, { title: "Kind" }, { title: "Direction" }, { title: "Status" }, { title: "Outcome" }, { title: "Length", alignment: "end" }]}
              >
                {calls.map((call, index) => (
                  <IndexTable.Row id={call.id} key={call.id} position={index}>
                    <IndexTable.Cell>
                      {call.conversationId ? (
                        <Link url={`/app/conversations/${call.conversationId}#call-${call.id}`} dataPrimaryLink>
                          {formatShopDateTime(call.startedAt ?? call.createdAt, timeZone)}
                        </Link>
                      ) : (
                        formatShopDateTime(call.startedAt ?? call.createdAt, timeZone)
                      )}
                    </IndexTable.Cell>
                    <IndexTable.Cell>{call.contactName ?? call.customer ?? "Unknown caller"}</IndexTable.Cell>
                    <IndexTable.Cell>{KIND_LABELS[call.kind]}</IndexTable.Cell>
                    <IndexTable.Cell>{DIRECTION_LABELS[call.direction]}</IndexTable.Cell>
                    <IndexTable.Cell>
                      <Badge tone={statusTone(call.status)}>{STATUS_LABELS[call.status]}</Badge>
                    </IndexTable.Cell>
                    <IndexTable.Cell>{call.outcome ? OUTCOME_LABELS[call.outcome] : "—"}</IndexTable.Cell>
                    <IndexTable.Cell>
                      <Text as="span" alignment="end" numeric>
                        {callDuration(call.durationSeconds)}
                      </Text>
                    </IndexTable.Cell>
                  </IndexTable.Row>
                ))}
              </IndexTable>
            )}
          </Card>
        </Layout.Section>
        {nextCursor ? (
          <Layout.Section>
            <InlineStack align="center">
              <Button url={`/app/calls?${next.toString()}`}>Older calls</Button>
            </InlineStack>
          </Layout.Section>
        ) : null}
      </Layout>
    </Page>
  );
}
