import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData, useSearchParams } from "@remix-run/react";
import { Badge, Banner, BlockStack, Box, Button, Card, EmptyState, IndexTable, InlineStack, Layout, Link, Page, Tabs, Text } from "@shopify/polaris";
import { AppError } from "../.server/errors";
import { conversationFiltersSchema, listConversations } from "../.server/conversations/list-conversations.server";
import { authenticateAdmin } from "../.server/shops/authenticate-admin.server";
import { changeConversationLabels, listTagsInUse } from "../.server/automation/conversation-labels.server";
import { LabelFilters, LabelsBulkForm, PriorityBadge, SlaBadge } from "../components/conversations/LabelControls";
import { ChannelBadge, HandlerBadge, StatusBadge } from "../components/conversations/ConversationBadges";
import { InboxFilters } from "../components/conversations/InboxFilters";
import { formatTimeParts, label } from "../components/conversations/format";
import { useLiveRevalidation } from "../components/conversations/use-live-revalidation";
import { useShopTimeZone } from "../components/shop-time";

// The same list the loader's schema accepts; the page needs it in the browser, where server modules are not.
const CONVERSATION_TABS = ["open", "pending", "snoozed", "closed", "all"] as const;

export const meta: MetaFunction = () => [{ title: "Conversations · Dokani" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const ctx = await authenticateAdmin(request);
  const filters = conversationFiltersSchema.parse(Object.fromEntries(new URL(request.url).searchParams));
  let staleCursor = false;
  let page;
  try {
    page = await listConversations(ctx, filters);
  } catch (error) {
    if (!(error instanceof AppError && error.fields?.cursor)) throw error;
    // A page link from an old list: show the newest page and say so, rather than fail.
    staleCursor = true;
    page = await listConversations(ctx, { ...filters, cursor: undefined });
  }
  return { filters: { ...filters, cursor: staleCursor ? undefined : filters.cursor }, ...page, staleCursor, live: ctx.demo ? ("stream" as const) : ("poll" as const), tagsInUse: await listTagsInUse(ctx.shop.id) };
}

/** Bulk tags and priority on the conversations ticked in the list. */
export async function action({ request }: ActionFunctionArgs) {
  const ctx = await authenticateAdmin(request);
  const form = await request.formData();
  const split = (v: FormDataEntryValue | null) => String(v ?? "").split(",").map((t) => t.trim()).filter(Boolean);
  try {
    const changed = await changeConversationLabels(ctx, { conversationIds: form.getAll("conversationIds").map(String), addTags: split(form.get("addTags")), removeTags: split(form.get("removeTags")), priority: (String(form.get("priority") ?? "") || undefined) as never });
    return { ok: true as const, count: changed.length };
  } catch (error) {
    if (error instanceof AppError && error.status < 500) return { ok: false as const, message: error.message, fields: error.fields };
    throw error;
  }
}

/** The last activity as a date over its time, in one style with the rest of the admin, kept narrow. */
function LastActivity({ iso }: { iso: string }) {
  const timeZone = useShopTimeZone();
  const [date, time] = formatTimeParts(iso, timeZone);
  return (
    <time dateTime={iso} suppressHydrationWarning>
      <BlockStack gap="050">
        <Text as="span">{date}</Text>
        <Text as="span" tone="subdued" variant="bodySm">
          {time}
        </Text>
      </BlockStack>
    </time>
  );
}

export default function Conversations() {
  const { filters, rows, nextCursor, staleCursor, live, tagsInUse } = useLoaderData<typeof loader>();
  const [searchParams, setSearchParams] = useSearchParams();
  useLiveRevalidation("/app/conversations/events", live);
  const selected = CONVERSATION_TABS.indexOf(filters.status);
  const withParams = (change: (params: URLSearchParams) => void) => {
    const next = new URLSearchParams(searchParams);
    change(next);
    setSearchParams(next);
  };
  const filterValues = { status: filters.status, channel: filters.channel ?? "", assignee: filters.assignee, unread: filters.unread, q: filters.q ?? "", tag: filters.tag ?? "", priority: filters.priority ?? "" };
  return (
    <Page title="Conversations" subtitle="Chats and emails with shoppers, every channel in one list, newest activity first. The list updates as messages arrive.">
      <Layout>
        {staleCursor ? (
          <Layout.Section>
            <Banner tone="warning" title="That page of the list is out of date">
              <p>Showing the newest conversations instead.</p>
            </Banner>
          </Layout.Section>
        ) : null}
        <Layout.Section>
          <Card padding="0">
            <Tabs
              tabs={CONVERSATION_TABS.map((status) => ({ id: `tab-${status}`, content: label(status), accessibilityLabel: `${label(status)} conversations` }))}
              selected={selected}
              onSelect={(index) =>
                withParams((p) => {
                  p.set("status", CONVERSATION_TABS[index]!);
                  p.delete("cursor");
                })
              }
            />
            <Box padding="400">
              <InboxFilters key={JSON.stringify(filterValues)} values={filterValues} />
              <LabelFilters tags={tagsInUse} tag={filters.tag ?? ""} priority={filters.priority ?? ""} />
              <LabelsBulkForm ids={rows.map((r) => ({ id: r.id, label: r.customerName ?? r.customerEmail ?? "Anonymous shopper" }))} />
            </Box>
            {rows.length === 0 ? (
              <EmptyState heading={filters.cursor ? "No more conversations" : "No conversations here"} image="">
                <p>{filters.q || filters.channel || filters.unread || filters.assignee !== "anyone" ? "Nothing matches these filters." : "New chats from shoppers appear here as they start."}</p>
              </EmptyState>
            ) : (
              <IndexTable
                resourceName={{ singular: "conversation", plural: "conversations" }}
                itemCount={rows.length}
                selectable={false}
                headings={[
                  { title: "Conversation" },
                  { title: "Status" },
                  { title: "Assignee" },
                  { title: "Unread", alignment: "end" },
                  { title: "Last activity" },
                ]}
              >
                {rows.map((row, index) => (
                  <IndexTable.Row id={row.id} key={row.id} position={index}>
                    <IndexTable.Cell>
                      {/* A bounded width keeps the columns after it in view inside Shopify admin's narrower frame; long text is cut with an ellipsis. */}
                      <div style={{ width: "clamp(12rem, 30vw, 34rem)" }}>
                        <BlockStack gap="050">
                          <Link url={`/app/conversations/${row.id}`} dataPrimaryLink removeUnderline>
                            <Text as="span" fontWeight={row.unreadCount > 0 ? "bold" : "semibold"} truncate>
                              {row.customerName ?? row.customerEmail ?? "Anonymous shopper"}
                            </Text>
                          </Link>
                          {row.customerName && row.customerEmail ? (
                            <Text as="span" tone="subdued" variant="bodySm" truncate>
                              {row.customerEmail}
                            </Text>
                          ) : null}
                          {row.subject ? (
                            <Text as="span" fontWeight="medium" truncate>
                              {row.subject}
                            </Text>
                          ) : null}
                          <Text as="span" tone="subdued" variant="bodySm" truncate>
                            {`${label(row.channel)} · ${row.preview ?? "No messages yet"}`}
                          </Text>
                        </BlockStack>
                      </div>
                    </IndexTable.Cell>
                    <IndexTable.Cell>
                      <BlockStack gap="100" inlineAlign="start">
                        <ChannelBadge channel={row.channel} />
                        <StatusBadge status={row.status} />
                        <HandlerBadge aiActive={row.aiActive} />
                        <PriorityBadge priority={row.priority} />
                        <SlaBadge sla={row.sla} />
                        {row.tags.length ? <Text as="span" variant="bodySm" tone="subdued">{row.tags.map((t) => `#${t}`).join(" ")}</Text> : null}
                      </BlockStack>
                    </IndexTable.Cell>
                    <IndexTable.Cell>{row.assigneeName ?? <Text as="span" tone="subdued">Unassigned</Text>}</IndexTable.Cell>
                    <IndexTable.Cell>
                      <InlineStack align="end">
                        {row.unreadCount > 0 ? <Badge tone="attention">{`${row.unreadCount} unread`}</Badge> : <Text as="span" tone="subdued">0</Text>}
                      </InlineStack>
                    </IndexTable.Cell>
                    <IndexTable.Cell>
                      <LastActivity iso={row.lastMessageAt} />
                    </IndexTable.Cell>
                  </IndexTable.Row>
                ))}
              </IndexTable>
            )}
            {filters.cursor || nextCursor ? (
              <Box padding="400">
                <InlineStack gap="200" align="center">
                  <Button disabled={!filters.cursor} onClick={() => withParams((p) => p.delete("cursor"))}>
                    Newest
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
