import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { Badge, BlockStack, Card, EmptyState, IndexTable, InlineGrid, InlineStack, Layout, Link, Page, Text } from "@shopify/polaris";
import { z } from "zod";
import { getRiskProfile } from "../.server/risk/get-risk-profile.server";
import { resolveSecurityEvent, SECURITY_EVENT_RESOLUTIONS } from "../.server/risk/resolve-security-event.server";
import { AppError } from "../.server/errors";
import { orNotFound } from "../.server/http/not-found.server";
import { runIntent } from "../.server/http/run-intent.server";
import { authenticateAdmin } from "../.server/shops/authenticate-admin.server";
import { FLAG_LABELS, labelOf } from "../components/customers/labels";
import { RiskBadge } from "../components/customers/RiskBadge";
import type { ResolveResult } from "../components/customers/ResolveEventModal";
import { SecurityEventsTable } from "../components/customers/SecurityEventsTable";
import { formatShopDate, formatShopDateTime, useShopTimeZone } from "../components/shop-time";
import { formatMoney } from "../components/returns/labels";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.profile.email ?? "Customer"} · Dokani` }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const ctx = await authenticateAdmin(request);
  const found = await orNotFound(getRiskProfile(ctx, params.profileId ?? ""), "No such customer.");
  return { ...found, resolutions: SECURITY_EVENT_RESOLUTIONS };
}

const ResolveIntent = z.object({ intent: z.literal("resolve") }).loose();

export async function action({ request, params }: ActionFunctionArgs): Promise<ResolveResult> {
  const ctx = await authenticateAdmin(request);
  const form = Object.fromEntries(await request.formData());
  return runIntent(
    form,
    ResolveIntent,
    async () => {
      // The event must be this customer's, so a form posted here cannot resolve someone else's.
      const { events } = await getRiskProfile(ctx, params.profileId ?? "");
      if (typeof form.eventId === "string" && !events.some((e) => e.id === form.eventId)) throw new AppError("not_found", "No such security event.");
      const event = await resolveSecurityEvent(ctx, form);
      return { message: "Security event resolved", resolved: event.id };
    },
    { invalid: () => "Unknown action." },
  );
}

const STATUS_TONES: Record<string, "success" | "critical" | "attention" | "info" | undefined> = {
  pending_triage: "info",
  pending_review: "attention",
  approved: "success",
  completed: "success",
  denied: "critical",
  cancelled: undefined,
};

function Stat({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    <BlockStack gap="100">
      <Text as="h3" variant="headingSm" tone="subdued">
        {label}
      </Text>
      <Text as="p" variant="headingLg">
        {children}
      </Text>
    </BlockStack>
  );
}

/** One customer: their risk profile, their returns at this store and their security events. */
export default function CustomerProfile() {
  const timeZone = useShopTimeZone();
  const { profile, returns, events, resolutions } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  return (
    <Page title={profile.email} backAction={{ content: "Customers and risk", url: "/app/customers" }} titleMetadata={<RiskBadge score={profile.riskScore} />}>
      <Layout>
        <Layout.Section>
          <Card>
            <BlockStack gap="400">
              <Text as="h2" variant="headingMd">
                Risk profile
              </Text>
              <InlineGrid columns={{ xs: 2, md: 5 }} gap="400">
                <Stat label="Orders">{profile.orderCount}</Stat>
                <Stat label="Returns">{profile.returnCount}</Stat>
                <Stat label="Denied">{profile.deniedCount}</Stat>
                <Stat label="Returned value">{profile.returnedValue}</Stat>
                <Stat label="Last return">{profile.lastReturnAt ? formatShopDate(profile.lastReturnAt, timeZone) : "—"}</Stat>
              </InlineGrid>
              <InlineStack gap="200">
                {profile.flags.map((f) => (
                  <Badge key={f} tone="warning">
                    {labelOf(FLAG_LABELS, f)}
                  </Badge>
                ))}
              </InlineStack>
              <Text as="p" tone="subdued">
                The score is the one of the customer&apos;s latest return. To block this customer, add the email to a new policy version under{" "}
                <Link url="/app/policies">Policies</Link>.
              </Text>
            </BlockStack>
          </Card>
        </Layout.Section>
        <Layout.Section>
          <Card padding="0">
            <div style={{ padding: "var(--p-space-400)" }}>
              <Text as="h2" variant="headingMd">
                Returns
              </Text>
            </div>
            {returns.length === 0 ? (
              <EmptyState heading="No returns" image="">
                <p>This customer has no returns at this store.</p>
              </EmptyState>
            ) : (
              <IndexTable
                resourceName={{ singular: "return", plural: "returns" }}
                itemCount={returns.length}
                selectable={false}
                headings={[{ title: "Order" }, { title: "Status" }, { title: "Resolution" }, { title: "Refund estimate", alignment: "end" }, { title: "Risk" }, { title: "Requested" }]}
              >
                {returns.map((r, index) => (
                  <IndexTable.Row id={r.id} key={r.id} position={index}>
                    <IndexTable.Cell>
                      <Link url={`/app/returns/${r.id}`}>{r.orderName}</Link>
                    </IndexTable.Cell>
                    <IndexTable.Cell>
                      <Badge tone={STATUS_TONES[r.status]}>{r.status.replace("_", " ")}</Badge>
                    </IndexTable.Cell>
                    <IndexTable.Cell>{r.resolution.replace("_", " ")}</IndexTable.Cell>
                    <IndexTable.Cell>
                      <Text as="span" alignment="end" numeric>
                        {formatMoney(r.refundEstimate, r.currency)}
                      </Text>
                    </IndexTable.Cell>
                    <IndexTable.Cell>{r.riskScore === null ? "—" : <RiskBadge score={r.riskScore} />}</IndexTable.Cell>
                    <IndexTable.Cell>{formatShopDateTime(r.createdAt, timeZone)}</IndexTable.Cell>
                  </IndexTable.Row>
                ))}
              </IndexTable>
            )}
          </Card>
        </Layout.Section>
        <Layout.Section>
          <Card padding="0">
            <div style={{ padding: "var(--p-space-400)" }}>
              <Text as="h2" variant="headingMd">
                Security events
              </Text>
            </div>
            <SecurityEventsTable events={events} resolutions={resolutions} result={result} emptyHeading="No security events for this customer" />
          </Card>
        </Layout.Section>
      </Layout>
    </Page>
  );
}
