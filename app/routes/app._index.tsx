import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { Badge, Banner, BlockStack, Box, Card, InlineGrid, InlineStack, Layout, Link, Page, Text } from "@shopify/polaris";
import { authenticateAdmin } from "../.server/shops/authenticate-admin.server";
import { getSetupChecklist, type SetupStep } from "../.server/shops/get-setup-checklist.server";
import { getShopOverview } from "../.server/shops/get-shop-overview.server";
import { getPlatform } from "../.server/platforms/get-platform.server";

export const meta: MetaFunction = () => [{ title: "Home · Dokani" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const ctx = await authenticateAdmin(request);
  const { shop } = ctx;
  // Shopify without read_all_orders hides older orders from lookups; the merchant should know why.
  const limitation = shop.platform === "shopify" ? await getPlatform(shop).then((p) => p.lookupLimitation?.() ?? null, () => null) : null;
  const [overview, checklist] = await Promise.all([getShopOverview(ctx), getSetupChecklist(ctx)]);
  return { shopName: shop.name, overview, checklist, limitation };
}

const STATUS_LABELS: Array<[string, string]> = [
  ["pending_review", "Needs review"],
  ["pending_triage", "Being triaged"],
  ["approved", "Approved"],
  ["completed", "Completed"],
  ["denied", "Denied"],
  ["cancelled", "Cancelled"],
];

function Stat({ label, value, tone }: { label: string; value: string | number; tone?: "critical" | "attention" }) {
  return (
    <Card>
      <BlockStack gap="200">
        <Text as="h3" variant="headingSm" tone="subdued">
          {label}
        </Text>
        <Text as="p" variant="heading2xl" tone={tone === "critical" ? "critical" : undefined}>
          {value}
        </Text>
      </BlockStack>
    </Card>
  );
}

/** The first-run checklist: each step says whether it is done and links to where it is done. */
function SetupChecklist({ steps }: { steps: SetupStep[] }) {
  const done = steps.filter((step) => step.done).length;
  return (
    <Card>
      <BlockStack gap="300">
        <InlineStack align="space-between" blockAlign="center" wrap>
          <Text as="h2" variant="headingMd">
            Get your store ready
          </Text>
          <Text as="span" tone="subdued">
            {done} of {steps.length} done
          </Text>
        </InlineStack>
        <BlockStack as="ul" gap="300">
          {steps.map((step) => (
            <Box as="li" key={step.key}>
              <InlineStack gap="300" blockAlign="start" wrap={false}>
                <Badge tone={step.done ? "success" : "attention"}>{step.done ? "Done" : "To do"}</Badge>
                <BlockStack gap="050">
                  <Link url={step.url} target={step.external ? "_blank" : undefined} removeUnderline>
                    <Text as="span" fontWeight="semibold">
                      {step.title}
                    </Text>
                  </Link>
                  <Text as="span" tone="subdued">
                    {step.detail}
                  </Text>
                </BlockStack>
              </InlineStack>
            </Box>
          ))}
        </BlockStack>
      </BlockStack>
    </Card>
  );
}

export default function Home() {
  const { shopName, overview, checklist, limitation } = useLoaderData<typeof loader>();
  const totalReturns = Object.values(overview.returnsByStatus).reduce((a, b) => a + b, 0);
  return (
    <Page title="Dokani" subtitle={shopName}>
      <Layout>
        {limitation ? (
          <Layout.Section>
            <Banner tone="warning" title="Shoppers can only find recent orders">
              <p>{limitation}</p>
            </Banner>
          </Layout.Section>
        ) : null}
        {checklist.some((step) => !step.done) ? (
          <Layout.Section>
            <SetupChecklist steps={checklist} />
          </Layout.Section>
        ) : null}
        {overview.failedJobs > 0 ? (
          <Layout.Section>
            <Banner tone="warning" title={`${overview.failedJobs} background job${overview.failedJobs === 1 ? "" : "s"} failed`} action={{ content: "Review jobs", url: "/app/jobs" }}>
              <p>Failed work (a platform sync, a notification) waits for you to retry it.</p>
            </Banner>
          </Layout.Section>
        ) : null}
        <Layout.Section>
          <InlineGrid columns={{ xs: 1, sm: 2, md: 4 }} gap="400">
            <Stat label="Returns needing review" value={overview.returnsByStatus.pending_review ?? 0} tone={(overview.returnsByStatus.pending_review ?? 0) > 0 ? "attention" : undefined} />
            <Stat label="Open conversations" value={overview.openConversations} />
            <Stat label="Knowledge articles" value={overview.publishedArticles} />
            <Stat label="Active policy" value={overview.activePolicyVersion ? `Version ${overview.activePolicyVersion}` : "None"} />
          </InlineGrid>
        </Layout.Section>
        <Layout.Section>
          <Card>
            <BlockStack gap="300">
              <Text as="h2" variant="headingMd">
                Returns by status
              </Text>
              <Text as="p" tone="subdued">
                {totalReturns} return request{totalReturns === 1 ? "" : "s"} in all
                {overview.ordersLast30Days !== null ? `, from a store with ${overview.ordersLast30Days} orders in the last 30 days` : ""}.
              </Text>
              <InlineGrid columns={{ xs: 2, md: 3 }} gap="300">
                {STATUS_LABELS.map(([status, label]) => (
                  <BlockStack key={status} gap="100">
                    <Badge>{label}</Badge>
                    <Text as="p" variant="headingLg">
                      {overview.returnsByStatus[status] ?? 0}
                    </Text>
                  </BlockStack>
                ))}
              </InlineGrid>
            </BlockStack>
          </Card>
        </Layout.Section>
      </Layout>
    </Page>
  );
}
