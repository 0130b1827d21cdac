import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { Banner, BlockStack, Button, Card, EmptyState, IndexTable, InlineStack, Layout, Link, Page, Text, TextField } from "@shopify/polaris";
import { useState } from "react";
import { z } from "zod";
import { dismissSuggestion, listContactsForAdmin, mergeContactsByMerchant } from "../.server/contacts/admin-contacts.server";
import { runIntent } from "../.server/http/run-intent.server";
import { authenticateAdmin } from "../.server/shops/authenticate-admin.server";
import { contactLabel, IdentityBadges } from "../components/contacts/IdentityBadges";
import { formatShopDate, useShopTimeZone } from "../components/shop-time";

export const meta: MetaFunction = () => [{ title: "Contacts · Dokani" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const ctx = await authenticateAdmin(request);
  const q = (new URL(request.url).searchParams.get("q") ?? "").trim().slice(0, 320);
  return { q, ...(await listContactsForAdmin(ctx, { query: q || undefined })) };
}

const Intent = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("merge"), intoId: z.uuid(), fromId: z.uuid() }),
  z.object({ intent: z.literal("dismiss"), suggestionId: z.uuid() }),
]);

export async function action({ request }: ActionFunctionArgs) {
  const ctx = await authenticateAdmin(request);
  const form = Object.fromEntries(await request.formData());
  return runIntent(
    form,
    Intent,
    async (input) => {
      if (input.intent === "merge") {
        await mergeContactsByMerchant(ctx, { intoId: input.intoId, fromId: input.fromId });
        return { message: "Contacts merged" };
      }
      await dismissSuggestion(ctx, input.suggestionId);
      return { message: "Suggestion dismissed" };
    },
    {},
  );
}

/** Everyone the shop talks to, whatever the channel, and the pairs that may be one person. */
export default function Contacts() {
  const data = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const timeZone = useShopTimeZone();
  const [query, setQuery] = useState(data.q);
  return (
    <Page title="Contacts" subtitle="One person across chat, email, WhatsApp and calls, with their returns.">
      <Layout>
        {result && !result.ok ? (
          <Layout.Section>
            <Banner tone="critical">{result.error}</Banner>
          </Layout.Section>
        ) : null}
        {result?.ok ? (
          <Layout.Section>
            <Banner tone="success">{result.message}</Banner>
          </Layout.Section>
        ) : null}
        {data.suggestions.length ? (
          <Layout.Section>
            <Card>
              <BlockStack gap="300">
                <Text as="h2" variant="headingMd">
                  Maybe the same person
                </Text>
                <Text as="p" tone="subdued">
                  Nothing proved these are one person (an order lookup, a WhatsApp number), so they were not merged. Merge them if they are.
                </Text>
                {data.suggestions.map((s) => (
                  <InlineStack key={s.id} gap="300" blockAlign="center" align="space-between">
                    <InlineStack gap="200" blockAlign="center">
                      <Link url={`/app/contacts/${s.contact.id}`}>{contactLabel(s.contact)}</Link>
                      <Text as="span">and</Text>
                      <Link url={`/app/contacts/${s.other.id}`}>{contactLabel(s.other)}</Link>
                    </InlineStack>
                    <InlineStack gap="200">
                      <Form method="post">
                        <input type="hidden" name="intent" value="merge" />
                        <input type="hidden" name="intoId" value={s.contact.id} />
                        <input type="hidden" name="fromId" value={s.other.id} />
                        <Button submit>Merge</Button>
                      </Form>
                      <Form method="post">
                        <input type="hidden" name="intent" value="dismiss" />
                        <input type="hidden" name="suggestionId" value={s.id} />
                        <Button submit variant="plain">
                          Not the same person
                        </Button>
                      </Form>
                    </InlineStack>
                  </InlineStack>
                ))}
              </BlockStack>
            </Card>
          </Layout.Section>
        ) : null}
        <Layout.Section>
          <Card padding="0">
            <div style={{ padding: "var(--p-space-300)" }}>
              <Form method="get">
                <InlineStack gap="200" blockAlign="end">
                  <div style={{ flexGrow: 1 }}>
                    <TextField label="Search by name, email or phone number" name="q" value={query} onChange={setQuery} autoComplete="off" clearButton onClearButtonClick={() => setQuery("")} />
                  </div>
                  <Button submit>Search</Button>
                </InlineStack>
              </Form>
            </div>
            {data.contacts.length === 0 ? (
              <EmptyState heading={data.q ? "No contact matches" : "No contacts yet"} image="">
                <p>A contact is made for everyone who writes, calls or looks up an order.</p>
              </EmptyState>
            ) : (
              <IndexTable
                resourceName={{ singular: "contact", plural: "contacts" }}
                itemCount={data.contacts.length}
                selectable={false}
                headings={[{ title: "Contact" }, { title: "Identities" }, { title: "Conversations", alignment: "end" }, { title: "Returns", alignment: "end" }, { title: "Calls", alignment: "end" }, { title: "Since" }]}
              >
                {data.contacts.map((c, index) => (
                  <IndexTable.Row id={c.id} key={c.id} position={index}>
                    <IndexTable.Cell>
                      <Link url={`/app/contacts/${c.id}`}>{contactLabel(c)}</Link>
                    </IndexTable.Cell>
                    <IndexTable.Cell>
                      <IdentityBadges identities={c.identities} />
                    </IndexTable.Cell>
                    <IndexTable.Cell>
                      <Text as="span" alignment="end" numeric>
                        {c.counts.conversations}
                      </Text>
                    </IndexTable.Cell>
                    <IndexTable.Cell>
                      <Text as="span" alignment="end" numeric>
                        {c.counts.returns}
                      </Text>
                    </IndexTable.Cell>
                    <IndexTable.Cell>
                      <Text as="span" alignment="end" numeric>
                        {c.counts.calls}
                      </Text>
                    </IndexTable.Cell>
                    <IndexTable.Cell>{formatShopDate(c.createdAt, timeZone)}</IndexTable.Cell>
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
