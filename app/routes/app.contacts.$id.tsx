import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { Badge, Banner, BlockStack, Button, Card, InlineStack, Layout, Link, Page, Text, TextField } from "@shopify/polaris";
import { useState } from "react";
import { z } from "zod";
import { dismissSuggestion, getContactForAdmin, mergeContactsByMerchant } from "../.server/contacts/admin-contacts.server";
import { contactSearch, currentContactId } from "../.server/contacts/read-contacts.server";
import { db } from "../.server/db.server";
import { AppError } from "../.server/errors";
import { idOrNotFound, orNotFound } from "../.server/http/not-found.server";
import { runIntent } from "../.server/http/run-intent.server";
import { authenticateAdmin } from "../.server/shops/authenticate-admin.server";
import { contactLabel, IdentityBadges } from "../components/contacts/IdentityBadges";
import { RiskBadge } from "../components/customers/RiskBadge";
import { phoneCallTarget } from "../.server/call-admin/call-records.server";
import { CallShopperCard } from "../components/calls/CallShopperCard";
import { formatShopDateTime, useShopTimeZone } from "../components/shop-time";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data ? contactLabel(data.contact) : "Contact"} · Dokani` }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const ctx = await authenticateAdmin(request);
  const id = idOrNotFound(params.id, "No such contact.");
  // A merged contact's page is its survivor's.
  const current = await currentContactId(ctx.shop.id, id);
  if (current && current !== id) throw redirect(`/app/contacts/${current}`);
  const detail = await orNotFound(getContactForAdmin(ctx, id), "No such contact.");
  return { ...detail, phoneCall: await phoneCallTarget(ctx, { contactId: id }) };
}

const Intent = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("merge"), fromId: z.uuid() }),
  z.object({ intent: z.literal("merge_search"), other: z.string().trim().min(3, "Enter an email, a phone number or a name").max(320) }),
  z.object({ intent: z.literal("dismiss"), suggestionId: z.uuid() }),
]);

export async function action({ request, params }: ActionFunctionArgs) {
  const ctx = await authenticateAdmin(request);
  const id = idOrNotFound(params.id, "No such contact.");
  const form = Object.fromEntries(await request.formData());
  return runIntent(
    form,
    Intent,
    async (input) => {
      if (input.intent === "dismiss") {
        await dismissSuggestion(ctx, input.suggestionId);
        return { message: "Suggestion dismissed" };
      }
      let fromId: string;
      if (input.intent === "merge") fromId = input.fromId;
      else {
        const found = await db().contact.findMany({ where: { shopId: ctx.shop.id, mergedIntoId: null, id: { not: id }, ...contactSearch(input.other) }, select: { id: true }, take: 2 });
        if (found.length !== 1) throw new AppError("invalid_request", found.length ? "More than one contact matches: be more precise." : "No other contact matches.", { fields: { other: "must match exactly one other contact" } });
        fromId = found[0]!.id;
      }
      await mergeContactsByMerchant(ctx, { intoId: id, fromId });
      return { message: "Contacts merged" };
    },
    { notFound: "No such contact." },
  );
}

function Section({ title, empty, children }: { title: string; empty: boolean; children: React.ReactNode }) {
  return (
    <Card>
      <BlockStack gap="200">
        <Text as="h2" variant="headingMd">
          {title}
        </Text>
        {empty ? <Text as="p" tone="subdued">None yet.</Text> : children}
      </BlockStack>
    </Card>
  );
}

/** One person: how to reach them, everything they said on any channel, their returns, calls and risk. */
export default function ContactPage() {
  const data = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const timeZone = useShopTimeZone();
  const [other, setOther] = useState("");
  const failure = result && !result.ok ? result : null;
  return (
    <Page title={contactLabel(data.contact)} backAction={{ content: "Contacts", url: "/app/contacts" }}>
      <Layout>
        {failure ? (
          <Layout.Section>
            <Banner tone="critical">{failure.error}</Banner>
          </Layout.Section>
        ) : null}
        {result?.ok ? (
          <Layout.Section>
            <Banner tone="success">{result.message}</Banner>
          </Layout.Section>
        ) : null}
        <Layout.Section>
          <BlockStack gap="400">
            <Card>
              <BlockStack gap="200">
                <Text as="h2" variant="headingMd">
                  Identities
                </Text>
                <IdentityBadges identities={data.contact.identities} />
                <Text as="p" tone="subdued">
                  Verified identities were proved: an order lookup with this email, a WhatsApp or phone sender.
                </Text>
              </BlockStack>
            </Card>
            <Section title="Conversations" empty={!data.conversations.length}>
              {data.conversations.map((c) => (
                <InlineStack key={c.id} gap="200" blockAlign="center">
                  <Badge>{c.channel}</Badge>
                  <Link url={`/app/conversations/${c.id}`}>{c.subject ?? c.summary ?? "Conversation"}</Link>
                  <Text as="span" tone="subdued">
                    {`${c.status} · ${formatShopDateTime(c.lastMessageAt, timeZone)}`}
                  </Text>
                </InlineStack>
              ))}
            </Section>
            <Section title="Returns" empty={!data.returns.length}>
              {data.returns.map((r) => (
                <InlineStack key={r.id} gap="200" blockAlign="center">
                  <Link url={`/app/returns/${r.id}`}>{r.orderName}</Link>
                  <Badge>{r.status.replace("_", " ")}</Badge>
                  <Text as="span" tone="subdued">
                    {`${r.resolution.replace("_", " ")} · ${r.total} · ${formatShopDateTime(r.createdAt, timeZone)}`}
                  </Text>
                </InlineStack>
              ))}
            </Section>
            <Section title="Calls" empty={!data.calls.length}>
              {data.calls.map((c) => (
                <InlineStack key={c.id} gap="200" blockAlign="center">
                  <Badge>{c.kind}</Badge>
                  <Text as="span">{c.summary ?? c.status}</Text>
                  <Text as="span" tone="subdued">
                    {`${c.durationSeconds ?? 0} s · ${formatShopDateTime(c.createdAt, timeZone)}`}
                  </Text>
                </InlineStack>
              ))}
            </Section>
          </BlockStack>
        </Layout.Section>
        <Layout.Section variant="oneThird">
          <BlockStack gap="400">
            <CallShopperCard target={data.phoneCall} defaultPurpose="" />
            <Section title="Risk" empty={!data.risk.length}>
              {data.risk.map((p) => (
                <InlineStack key={p.id} gap="200" blockAlign="center">
                  <Link url={`/app/customers/${p.id}`}>{p.email}</Link>
                  <RiskBadge score={p.riskScore} />
                  <Text as="span" tone="subdued">{`${p.returnCount} returns, ${p.deniedCount} denied`}</Text>
                </InlineStack>
              ))}
            </Section>
            {data.suggestions.length ? (
              <Card>
                <BlockStack gap="200">
                  <Text as="h2" variant="headingMd">
                    Maybe the same person
                  </Text>
                  {data.suggestions.map((s) => {
                    const theOther = s.contact.id === data.contact.id ? s.other : s.contact;
                    return (
                      <InlineStack key={s.id} gap="200" blockAlign="center">
                        <Link url={`/app/contacts/${theOther.id}`}>{contactLabel(theOther)}</Link>
                        <Form method="post">
                          <input type="hidden" name="intent" value="merge" />
                          <input type="hidden" name="fromId" value={theOther.id} />
                          <Button submit size="slim">
                            Merge into this contact
                          </Button>
                        </Form>
                        <Form method="post">
                          <input type="hidden" name="intent" value="dismiss" />
                          <input type="hidden" name="suggestionId" value={s.id} />
                          <Button submit size="slim" variant="plain">
                            Not the same
                          </Button>
                        </Form>
                      </InlineStack>
                    );
                  })}
                </BlockStack>
              </Card>
            ) : null}
            <Card>
              <Form method="post">
                <input type="hidden" name="intent" value="merge_search" />
                <BlockStack gap="200">
                  <Text as="h2" variant="headingMd">
                    Merge another contact into this one
                  </Text>
                  <TextField
                    label="The other contact's email, phone number or name"
                    name="other"
                    value={other}
                    onChange={setOther}
                    autoComplete="off"
                    error={failure?.intent === "merge_search" ? failure.fields?.other : undefined}
                  />
                  <Text as="p" tone="subdued">
                    Their conversations, returns, calls and identities move here; their old page leads here.
                  </Text>
                  <Button submit>Merge</Button>
                </BlockStack>
              </Form>
            </Card>
            <Section title="History" empty={!data.history.length}>
              {data.history.map((h) => (
                <Text key={h.id} as="p" tone="subdued">
                  {`${formatShopDateTime(h.createdAt, timeZone)}: ${h.message ?? h.action} (${h.actorType})`}
                </Text>
              ))}
            </Section>
          </BlockStack>
        </Layout.Section>
      </Layout>
    </Page>
  );
}
