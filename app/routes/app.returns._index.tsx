import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useFetcher, useLoaderData, useLocation, useNavigate, useSearchParams } from "@remix-run/react";
import {
  Banner,
  BlockStack,
  Card,
  ChoiceList,
  EmptyState,
  IndexFilters,
  IndexTable,
  Layout,
  Modal,
  Page,
  Text,
  TextField,
  useIndexResourceState,
  useSetIndexFiltersMode,
} from "@shopify/polaris";
import { useEffect, useState } from "react";
import { z } from "zod";
import { AppError } from "../.server/errors";
import { bulkDecideReturns, type BulkOutcome } from "../.server/returns/bulk-decide-returns.server";
import { listReturnQueue } from "../.server/returns/list-return-queue.server";
import { parseQueueFilters } from "../.server/returns/queue-filters";
import { runIntent } from "../.server/http/run-intent.server";
import { authenticateAdmin } from "../.server/shops/authenticate-admin.server";
import { formatDate, formatMoney, label, OUTCOME_LABELS, REASON_LABELS, RESOLUTION_LABELS, STATUS_LABELS } from "../components/returns/labels";
import { ReturnStatusBadge } from "../components/returns/ReturnStatusBadge";
import { RiskBadge } from "../components/returns/RiskBadge";
import { PHOTO_FLAG_WORDS } from "../components/returns/labels";
import { downloadAuthenticated } from "../components/returns/use-authenticated-blob-url";
import { useToast } from "../components/toast";
import { useActionResult } from "../components/use-action-result";
import type { ActionResult } from "../components/action-result";
import { useShopTimeZone } from "../components/shop-time";

export const meta: MetaFunction = () => [{ title: "Returns · Dokani" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const ctx = await authenticateAdmin(request);
  const params = new URL(request.url).searchParams;
  const { filters, errors } = parseQueueFilters(params);
  const problems: Record<string, string> = { ...errors };
  const page = { after: params.get("after"), before: params.get("before") };
  let result;
  try {
    result = await listReturnQueue(ctx, { filters, page });
  } catch (error) {
    if (!(error instanceof AppError)) throw error;
    Object.assign(problems, error.fields ?? { page: error.message });
    result = await listReturnQueue(ctx, { filters });
  }
  return { filters, problems: Object.keys(problems).length ? problems : null, ...result };
}

const MAX_BULK = 100;
const ids = z.array(z.string().uuid("is not a return id")).min(1, "Choose at least one return.").max(MAX_BULK, `Choose at most ${MAX_BULK} returns at a time.`);
const BulkSchema = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("bulk_approve"), ids }),
  z.object({
    intent: z.literal("bulk_deny"),
    ids,
    reason: z.string({ error: "Give the reason the shopper will read." }).trim().min(1, "Give the reason the shopper will read.").max(1000, "Keep the reason under 1,000 characters."),
  }),
]);

type BulkIntent = z.infer<typeof BulkSchema>["intent"];

export type BulkActionResult = ActionResult<BulkIntent, { outcomes: BulkOutcome[] }>;

/** The toast for a bulk action's outcomes: how many of the chosen returns it decided. */
function bulkMessage(intent: BulkIntent, outcomes: BulkOutcome[]): string {
  const done = outcomes.filter((o) => o.ok).length;
  const verb = intent === "bulk_approve" ? "approved" : "denied";
  return done === outcomes.length ? `${done} ${done === 1 ? "return" : "returns"} ${verb}` : `${done} of ${outcomes.length} returns ${verb}`;
}

export async function action({ request }: ActionFunctionArgs): Promise<BulkActionResult> {
  const ctx = await authenticateAdmin(request);
  const form = await request.formData();
  return runIntent(
    { intent: form.get("intent"), ids: form.getAll("ids"), reason: form.get("reason") ?? undefined },
    BulkSchema,
    async (input) => {
      const outcomes =
        input.intent === "bulk_approve"
          ? await bulkDecideReturns(ctx, { ids: input.ids, decision: "approve" })
          : await bulkDecideReturns(ctx, { ids: input.ids, decision: "deny", reason: input.reason });
      return { message: bulkMessage(input.intent, outcomes), outcomes };
    },
    { invalid: () => "The bulk action could not be applied." },
  );
}

const VIEWS = [
  { id: "all", content: "All" },
  { id: "needs_review", content: "Needs review" },
  { id: "high_risk", content: "High risk" },
  { id: "awaiting_items", content: "Approved awaiting items" },
] as const;

const FIELD_NAMES: Record<string, string> = {
  view: "View",
  status: "Status",
  risk: "Risk",
  reason: "Reason",
  resolution: "Resolution",
  from: "From date",
  to: "To date",
  q: "Search",
  after: "Page",
  before: "Page",
  page: "Page",
};

function options(map: Record<string, string>) {
  return Object.entries(map).map(([value, text]) => ({ value, label: text }));
}

export default function ReturnsQueue() {
  const timeZone = useShopTimeZone();
  const data = useLoaderData<typeof loader>();
  const { rows, filters, problems, nextCursor, prevCursor } = data;
  const [searchParams, setSearchParams] = useSearchParams();
  const navigate = useNavigate();
  const location = useLocation();
  const fetcher = useFetcher<typeof action>();
  const toast = useToast();
  const { mode, setMode } = useSetIndexFiltersMode();
  const [query, setQuery] = useState(filters.q ?? "");
  const [modal, setModal] = useState<"approve" | "deny" | null>(null);
  const [reason, setReason] = useState("");
  const [reasonError, setReasonError] = useState<string | undefined>();
  const { selectedResources, allResourcesSelected, handleSelectionChange, clearSelection } = useIndexResourceState(rows);

  /** Navigates to the same queue with some parameters changed; any page position is dropped. */
  const update = (changes: Record<string, string | null | undefined>) => {
    const next = new URLSearchParams(searchParams);
    next.delete("after");
    next.delete("before");
    for (const [key, value] of Object.entries(changes)) {
      if (value) next.set(key, value);
      else next.delete(key);
    }
    setSearchParams(next);
  };

  // The search box updates the URL once typing pauses, so each keystroke is not a query.
  useEffect(() => {
    if ((filters.q ?? "") === query.trim()) return;
    const timer = setTimeout(() => update({ q: query.trim() || null }), 400);
    return () => clearTimeout(timer);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [query]);

  // A bulk action's answer, once the fetcher has settled (the result is the fetcher's data then).
  useActionResult(fetcher.state === "idle" ? fetcher.data : undefined, (result) => {
    if (!result.ok) {
      if (result.fields?.reason) {
        setReasonError(result.fields.reason);
        return;
      }
      toast.show(Object.values(result.fields ?? {})[0] ?? result.error, { isError: true });
      return;
    }
    toast.show(result.message, { isError: !result.outcomes.some((o) => o.ok) });
    setModal(null);
    setReason("");
    setReasonError(undefined);
    clearSelection();
  });

  const submitBulk = (intent: "bulk_approve" | "bulk_deny") => {
    if (intent === "bulk_deny" && !reason.trim()) {
      setReasonError("Give the reason the shopper will read.");
      return;
    }
    const body = new FormData();
    body.set("intent", intent);
    for (const id of selectedResources) body.append("ids", id);
    if (intent === "bulk_deny") body.set("reason", reason);
    fetcher.submit(body, { method: "post" });
  };

  const exportCsv = () => {
    const params = new URLSearchParams(searchParams);
    params.delete("after");
    params.delete("before");
    const stamp = new Date().toISOString().slice(0, 10);
    downloadAuthenticated(`/app/returns/export.csv?${params.toString()}`, `returns-${stamp}.csv`).catch((error: Error) => toast.show(error.message, { isError: true }));
  };

  const choice = (key: "status" | "risk" | "reason" | "resolution", title: string, map: Record<string, string>) => ({
    key,
    label: title,
    // Polaris 13 shows a filter's pill up front only when it is pinned (it ignores the older `shortcut`).
    pinned: key === "status" || key === "risk",
    filter: (
      <ChoiceList
        title={title}
        titleHidden
        choices={options(map)}
        selected={filters[key] ? [filters[key] as string] : []}
        onChange={(selected) => update({ [key]: selected[0] ?? null })}
      />
    ),
  });
  const filterDefs = [
    choice("status", "Status", STATUS_LABELS),
    choice("risk", "Risk", { low: "Low", medium: "Medium", high: "High" }),
    choice("reason", "Reason", REASON_LABELS),
    choice("resolution", "Resolution", RESOLUTION_LABELS),
    {
      key: "dates",
      label: "Date requested",
      filter: (
        <BlockStack gap="200">
          <TextField label="From" type="date" autoComplete="off" value={filters.from ?? ""} onChange={(value) => update({ from: value || null })} />
          <TextField label="To" type="date" autoComplete="off" value={filters.to ?? ""} onChange={(value) => update({ to: value || null })} />
        </BlockStack>
      ),
    },
  ];
  const applied = [
    ...(["status", "risk", "reason", "resolution"] as const)
      .filter((key) => filters[key])
      .map((key) => {
        const maps = { status: STATUS_LABELS, risk: { low: "Low", medium: "Medium", high: "High" }, reason: REASON_LABELS, resolution: RESOLUTION_LABELS };
        return { key, label: `${FIELD_NAMES[key]}: ${label(maps[key], filters[key] as string)}`, onRemove: () => update({ [key]: null }) };
      }),
    ...(filters.from || filters.to
      ? [{ key: "dates", label: `Requested ${filters.from ?? "…"} to ${filters.to ?? "…"}`, onRemove: () => update({ from: null, to: null }) }]
      : []),
  ];

  const selectedView = Math.max(0, VIEWS.findIndex((v) => v.id === filters.view));
  const bulkCount = selectedResources.length;
  const last = fetcher.data && fetcher.data.ok ? fetcher.data : null;
  const failures = last ? last.outcomes.filter((o) => !o.ok) : [];

  return (
    <Page title="Returns" subtitle="Every request with its decision, risk and the reasons for both." secondaryActions={[{ content: "Export CSV", onAction: exportCsv, accessibilityLabel: "Export CSV of the filtered returns" }]}>
      <Layout>
        {problems ? (
          <Layout.Section>
            <Banner tone="critical" title="Some filters could not be used">
              <BlockStack gap="100">
                {Object.entries(problems).map(([field, message]) => (
                  <p key={field}>
                    {FIELD_NAMES[field] ?? field}: {message}
                  </p>
                ))}
                <p>The list below ignores them.</p>
              </BlockStack>
            </Banner>
          </Layout.Section>
        ) : null}
        {failures.length ? (
          <Layout.Section>
            <Banner tone="warning" title={`${failures.length} of ${last!.outcomes.length} returns were not changed`}>
              <ul>
                {failures.map((outcome) => (
                  <li key={outcome.id}>
                    {outcome.orderName ?? "A return"}: {outcome.message}
                  </li>
                ))}
              </ul>
            </Banner>
          </Layout.Section>
        ) : null}
        <Layout.Section>
          <Card padding="0">
            <IndexFilters
              tabs={VIEWS.map((view) => ({ id: view.id, content: view.content }))}
              selected={selectedView}
              onSelect={(index) => update({ view: VIEWS[index]!.id === "all" ? null : VIEWS[index]!.id })}
              canCreateNewView={false}
              queryValue={query}
              queryPlaceholder="Search by order number or email"
              onQueryChange={setQuery}
              onQueryClear={() => {
                setQuery("");
                update({ q: null });
              }}
              filters={filterDefs}
              appliedFilters={applied}
              onClearAll={() => {
                setQuery("");
                update({ status: null, risk: null, reason: null, resolution: null, from: null, to: null, q: null });
              }}
              mode={mode}
              setMode={setMode}
            />
            <IndexTable
              resourceName={{ singular: "return", plural: "returns" }}
              itemCount={rows.length}
              selectedItemsCount={allResourcesSelected ? "All" : selectedResources.length}
              onSelectionChange={handleSelectionChange}
              promotedBulkActions={[
                { content: "Approve", onAction: () => setModal("approve") },
                { content: "Deny", onAction: () => setModal("deny") },
              ]}
              emptyState={
                <EmptyState heading="No returns match" image="">
                  <p>Change the view, the filters or the search to see more.</p>
                </EmptyState>
              }
              headings={[
                { title: "Order" },
                { title: "Customer" },
                { title: "Requested" },
                { title: "Status" },
                { title: "Risk" },
                { title: "Refund estimate", alignment: "end" },
                { title: "Decision" },
              ]}
              pagination={{
                hasNext: Boolean(nextCursor),
                hasPrevious: Boolean(prevCursor),
                onNext: () => nextCursor && navigate(`${location.pathname}?${withPage(searchParams, "after", nextCursor)}`),
                onPrevious: () => prevCursor && navigate(`${location.pathname}?${withPage(searchParams, "before", prevCursor)}`),
              }}
            >
              {rows.map((row, index) => (
                <IndexTable.Row id={row.id} key={row.id} position={index} selected={selectedResources.includes(row.id)}>
                  <IndexTable.Cell>
                    <BlockStack>
                      <Link to={`/app/returns/${row.id}`} data-primary-link>
                        <Text as="span" fontWeight="semibold">
                          {row.orderName}
                        </Text>
                      </Link>
                      {/* The resolution under the order, not in a column of its own: the row then fits Shopify admin's frame at 1024 px. */}
                      <Text as="span" tone="subdued" variant="bodySm">
                        {label(RESOLUTION_LABELS, row.resolution)}
                      </Text>
                    </BlockStack>
                  </IndexTable.Cell>
                  <IndexTable.Cell>
                    {/* Bounded so the decision column stays in view inside Shopify admin's narrower frame; the full address is in the title. */}
                    <div style={{ width: "clamp(7rem, 11vw, 16rem)" }} title={row.customerEmail}>
                      <BlockStack>
                        <Text as="span" truncate>
                          {row.customerName ?? row.customerEmail}
                        </Text>
                        {row.customerName ? (
                          <Text as="span" tone="subdued" variant="bodySm" truncate>
                            {row.customerEmail}
                          </Text>
                        ) : null}
                      </BlockStack>
                    </div>
                  </IndexTable.Cell>
                  <IndexTable.Cell>
                    <time dateTime={row.createdAt}>{formatDate(row.createdAt, timeZone)}</time>
                  </IndexTable.Cell>
                  <IndexTable.Cell>
                    <ReturnStatusBadge status={row.status} />
                  </IndexTable.Cell>
                  <IndexTable.Cell>
                    <BlockStack gap="050">
                      <RiskBadge band={row.riskBand} score={row.riskScore} />
                      {row.photoFlags.map((flag) => (
                        <Text key={flag} as="span" tone="caution" variant="bodySm">
                          {PHOTO_FLAG_WORDS[flag]}
                        </Text>
                      ))}
                    </BlockStack>
                  </IndexTable.Cell>
                  <IndexTable.Cell>
                    <Text as="span" alignment="end" numeric>
                      {formatMoney(row.refundEstimate, row.currency)}
                    </Text>
                  </IndexTable.Cell>
                  <IndexTable.Cell>{label(OUTCOME_LABELS, row.decisionOutcome)}</IndexTable.Cell>
                </IndexTable.Row>
              ))}
            </IndexTable>
          </Card>
        </Layout.Section>
      </Layout>
      <Modal
        open={modal !== null}
        onClose={() => {
          setModal(null);
          setReasonError(undefined);
        }}
        title={modal === "deny" ? `Deny ${bulkCount} ${bulkCount === 1 ? "return" : "returns"}?` : `Approve ${bulkCount} ${bulkCount === 1 ? "return" : "returns"}?`}
        primaryAction={{
          content: modal === "deny" ? "Deny returns" : "Approve returns",
          destructive: modal === "deny",
          loading: fetcher.state !== "idle",
          onAction: () => submitBulk(modal === "deny" ? "bulk_deny" : "bulk_approve"),
        }}
        secondaryActions={[{ content: "Cancel", onAction: () => setModal(null) }]}
      >
        <Modal.Section>
          <BlockStack gap="300">
            <Text as="p">
              {modal === "deny"
                ? "Each shopper is emailed the reason below. Returns that are already decided stay as they are and are listed afterwards."
                : "Each shopper is emailed that their return is approved. Returns that are already decided stay as they are and are listed afterwards."}
            </Text>
            {modal === "deny" ? (
              <TextField
                label="Reason shown to the shoppers"
                value={reason}
                onChange={(value) => {
                  setReason(value);
                  setReasonError(undefined);
                }}
                multiline={3}
                autoComplete="off"
                maxLength={1000}
                error={reasonError}
                requiredIndicator
              />
            ) : null}
          </BlockStack>
        </Modal.Section>
      </Modal>
    </Page>
  );
}

/** The current query with one page position set and the other dropped. */
function withPage(params: URLSearchParams, key: "after" | "before", cursor: string): string {
  const next = new URLSearchParams(params);
  next.delete("after");
  next.delete("before");
  next.set(key, cursor);
  return next.toString();
}
