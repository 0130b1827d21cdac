import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { Banner, BlockStack, Button, Card, IndexTable, Layout, Page, Text, TextField } from "@shopify/polaris";
import { useState } from "react";
import { z } from "zod";
import type { ActionResult } from "../components/action-result";
import { db } from "../.server/db.server";
import { AppError } from "../.server/errors";
import { runIntent } from "../.server/http/run-intent.server";
import { authenticateAdmin } from "../.server/shops/authenticate-admin.server";
import { createConnectCode } from "../.server/woocommerce/create-connect-code.server";
import { listWooCommerceConnections } from "../.server/woocommerce/list-woocommerce-connections.server";
import { formatShopDate, formatShopTimeOfDay, useShopTimeZone } from "../components/shop-time";

/**
 * WooCommerce connections. The operator (the local demo admin) sees every pending connect code and
 * every connected store and makes codes for new stores; a WooCommerce merchant sees their own store,
 * makes a code to reconnect it (new keys, a new address) and can sign out.
 */

function scopeFor(context: Awaited<ReturnType<typeof authenticateAdmin>>) {
  if (context.demo) return { all: true } as const;
  return { shopId: context.shop.id };
}

export const meta: MetaFunction = () => [{ title: "WooCommerce · Dokani" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const context = await authenticateAdmin(request);
  const { codes, stores } = await listWooCommerceConnections(db(), scopeFor(context));
  return {
    view: context.demo ? ("operator" as const) : context.shop.platform === "woocommerce" ? ("store" as const) : ("shopify" as const),
    signedInWithDokani: !context.demo && !context.admin,
    codes: codes.map((c) => ({ id: c.id, label: c.label, expiresAt: c.expiresAt.toISOString(), reconnect: Boolean(c.shopId) })),
    stores: stores.map((s) => ({ id: s.id, domain: s.domain, name: s.name, currency: s.currency, connectedAt: s.installedAt.toISOString(), disconnected: Boolean(s.uninstalledAt) })),
  };
}

// The page's one form creates a connect code; it posts only the optional label.
const CreateCode = z.object({ intent: z.literal("create_code").default("create_code"), label: z.string().trim().max(100, "must be at most 100 characters").optional() });

export async function action({ request }: ActionFunctionArgs): Promise<ActionResult<"create_code", { code: string; expiresAt: string }>> {
  const context = await authenticateAdmin(request);
  return runIntent(
    Object.fromEntries(await request.formData()),
    CreateCode,
    async ({ label }) => {
      if (!context.demo && context.shop.platform !== "woocommerce") {
        throw new AppError("forbidden", "WooCommerce stores are connected by the Dokani operator with `dokani woocommerce:connect-code`.");
      }
      const created = await createConnectCode(db(), { label, shopId: context.demo ? null : context.shop.id });
      return { message: "Connect code created", code: created.code, expiresAt: created.expiresAt.toISOString() };
    },
    { invalid: () => "The label must be at most 100 characters." },
  );
}

export default function WooCommerceConnections() {
  const timeZone = useShopTimeZone();
  const { view, signedInWithDokani, codes, stores } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const navigation = useNavigation();
  const [label, setLabel] = useState("");
  return (
    <Page title="WooCommerce" subtitle="Connect WooCommerce stores to Dokani with the Dokani WordPress plugin and a one-time code.">
      <Layout>
        {result && !result.ok ? (
          <Layout.Section>
            <Banner tone="critical" title="No code was created">
              <p>{result.error}</p>
            </Banner>
          </Layout.Section>
        ) : null}
        {result?.ok ? (
          <Layout.Section>
            <Banner tone="success" title={result.message}>
              <BlockStack gap="200">
                <Text as="p" variant="headingLg">
                  <code>{result.code}</code>
                </Text>
                <p>Enter it in WordPress under WooCommerce → Dokani before {formatShopTimeOfDay(result.expiresAt, timeZone)}. It works once and is not shown again.</p>
              </BlockStack>
            </Banner>
          </Layout.Section>
        ) : null}
        {view === "shopify" ? (
          <Layout.Section>
            <Card>
              <Text as="p">This store runs on Shopify. WooCommerce stores are connected by the Dokani operator with <code>dokani woocommerce:connect-code</code>.</Text>
            </Card>
          </Layout.Section>
        ) : (
          <Layout.Section>
            <Card>
              <Form method="post">
                <BlockStack gap="300">
                  <Text as="h2" variant="headingMd">
                    {view === "operator" ? "Connect a new store" : "Reconnect this store"}
                  </Text>
                  <Text as="p" tone="subdued">
                    {view === "operator"
                      ? "A code connects one store (or reconnects the store already at the same address). It lasts 15 minutes."
                      : "Use a reconnect code after changing the store's REST API keys or address. It lasts 15 minutes."}
                  </Text>
                  <TextField label="Label (optional)" name="label" value={label} onChange={setLabel} autoComplete="off" maxLength={100} />
                  <div>
                    <Button submit variant="primary" loading={navigation.state === "submitting"}>
                      Create connect code
                    </Button>
                  </div>
                </BlockStack>
              </Form>
            </Card>
          </Layout.Section>
        )}
        <Layout.Section>
          <Card padding="0">
            <IndexTable resourceName={{ singular: "pending code", plural: "pending codes" }} itemCount={codes.length} selectable={false} headings={[{ title: "Pending code" }, { title: "Kind" }, { title: "Expires" }]} emptyState={<Text as="p" tone="subdued">No pending connect codes.</Text>}>
              {codes.map((code, index) => (
                <IndexTable.Row id={code.id} key={code.id} position={index}>
                  <IndexTable.Cell>{code.label ?? "Unlabelled"}</IndexTable.Cell>
                  <IndexTable.Cell>{code.reconnect ? "Reconnect" : "New store"}</IndexTable.Cell>
                  <IndexTable.Cell>{formatShopTimeOfDay(code.expiresAt, timeZone)}</IndexTable.Cell>
                </IndexTable.Row>
              ))}
            </IndexTable>
          </Card>
        </Layout.Section>
        <Layout.Section>
          <Card padding="0">
            <IndexTable resourceName={{ singular: "store", plural: "stores" }} itemCount={stores.length} selectable={false} headings={[{ title: "Connected store" }, { title: "Address" }, { title: "Currency" }, { title: "Connected" }]} emptyState={<Text as="p" tone="subdued">No WooCommerce store is connected yet.</Text>}>
              {stores.map((store, index) => (
                <IndexTable.Row id={store.id} key={store.id} position={index}>
                  <IndexTable.Cell>{store.name}</IndexTable.Cell>
                  <IndexTable.Cell>{store.domain}</IndexTable.Cell>
                  <IndexTable.Cell>{store.currency}</IndexTable.Cell>
                  <IndexTable.Cell>{store.disconnected ? "Disconnected" : formatShopDate(store.connectedAt, timeZone)}</IndexTable.Cell>
                </IndexTable.Row>
              ))}
            </IndexTable>
          </Card>
        </Layout.Section>
        {signedInWithDokani ? (
          <Layout.Section>
            <Card>
              {/* A full document submission: signing out leaves the admin for the server's own page. */}
              <Form method="post" action="/auth/sign-out" reloadDocument>
                <BlockStack gap="200">
                  <Text as="p">You are signed in from WordPress. Signing out ends this session on every tab.</Text>
                  <div>
                    <Button submit>Sign out</Button>
                  </div>
                </BlockStack>
              </Form>
            </Card>
          </Layout.Section>
        ) : null}
      </Layout>
    </Page>
  );
}
