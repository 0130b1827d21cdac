import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation, useSearchParams } from "@remix-run/react";
import { Badge, Banner, BlockStack, Button, Card, EmptyState, IndexTable, Layout, Page, Tabs, Text } from "@shopify/polaris";
import { z } from "zod";
import type { ActionResult } from "../components/action-result";
import { db } from "../.server/db.server";
import { runIntent } from "../.server/http/run-intent.server";
import { listJobs } from "../.server/jobs/list-jobs";
import { retryJob } from "../.server/jobs/retry-job";
import { authenticateAdmin } from "../.server/shops/authenticate-admin.server";
import { formatShopDateTime, useShopTimeZone } from "../components/shop-time";

const STATUSES = ["failed", "pending", "running", "dispatched", "completed"] as const;

export const meta: MetaFunction = () => [{ title: "Background jobs · Dokani" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const { shop } = await authenticateAdmin(request);
  const requested = new URL(request.url).searchParams.get("status");
  const status = STATUSES.find((s) => s === requested) ?? "failed";
  const jobs = await listJobs(db(), shop.id, status);
  return { status, jobs };
}

// The retry button posts only the job's id; retrying is the page's one intent.
const RetryIntent = z.object({ intent: z.literal("retry").default("retry"), jobId: z.string().uuid() });

export type RetryResult = ActionResult<"retry", { retried: string }>;

export async function action({ request }: ActionFunctionArgs): Promise<RetryResult> {
  const { shop } = await authenticateAdmin(request);
  return runIntent(
    Object.fromEntries(await request.formData()),
    RetryIntent,
    async ({ jobId }) => {
      await retryJob(db(), jobId, shop.id);
      return { message: "Job queued again", retried: jobId };
    },
    { invalid: () => "Choose a job to retry." },
  );
}

const STATUS_WORDS: Record<string, string> = { failed: "Failed", pending: "Waiting", running: "Running", dispatched: "Queued", completed: "Completed" };

/** How long a job's last attempt ran: "85 ms", "4.2 s", "3 min 5 s"; a dash before it has run. */
function formatJobDuration(ms: number | null): string {
  if (ms === null) return "—";
  if (ms < 1000) return `${ms} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)} s`;
  const seconds = Math.round(ms / 1000);
  return seconds % 60 ? `${Math.floor(seconds / 60)} min ${seconds % 60} s` : `${seconds / 60} min`;
}

const TONES: Record<string, "critical" | "attention" | "info" | "success" | undefined> = {
  failed: "critical",
  pending: "attention",
  running: "info",
  dispatched: "info",
  completed: "success",
};

export default function Jobs() {
  const timeZone = useShopTimeZone();
  const { status, jobs } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const [, setSearchParams] = useSearchParams();
  const navigation = useNavigation();
  const selected = STATUSES.indexOf(status);
  return (
    <Page title="Background jobs" subtitle="Platform syncs, notifications and triage run here. Failed work waits for a retry.">
      <Layout>
        {result && !result.ok ? (
          <Layout.Section>
            <Banner tone="critical" title="Could not retry the job">
              <p>{result.error}</p>
            </Banner>
          </Layout.Section>
        ) : null}
        {result?.ok ? (
          <Layout.Section>
            <Banner tone="success" title={result.message} />
          </Layout.Section>
        ) : null}
        <Layout.Section>
          <Card padding="0">
            <Tabs
              tabs={STATUSES.map((s) => ({ id: s, content: STATUS_WORDS[s]! }))}
              selected={selected}
              onSelect={(index) => setSearchParams({ status: STATUSES[index]! })}
            />
            {jobs.length === 0 ? (
              <EmptyState heading={`No ${STATUS_WORDS[status]!.toLowerCase()} jobs`} image="">
                <p>Nothing to show here.</p>
              </EmptyState>
            ) : (
              <IndexTable
                resourceName={{ singular: "job", plural: "jobs" }}
                itemCount={jobs.length}
                selectable={false}
                headings={[{ title: "Job" }, { title: "For" }, { title: "Status" }, { title: "Attempts" }, { title: "Duration", alignment: "end" }, { title: "Last error" }, { title: "Updated" }, { title: "" }]}
              >
                {jobs.map((job, index) => (
                  <IndexTable.Row id={job.id} key={job.id} position={index}>
                    <IndexTable.Cell>
                      <Text as="span" fontWeight="semibold">
                        {job.name}
                      </Text>
                    </IndexTable.Cell>
                    <IndexTable.Cell>
                      {job.subject?.kind === "return" ? (
                        <Link to={`/app/returns/${job.subject.id}`}>Open the return</Link>
                      ) : job.subject?.kind === "conversation" ? (
                        <Link to={`/app/conversations/${job.subject.id}`}>Open the conversation</Link>
                      ) : (
                        <Text as="span" tone="subdued">
                          The whole shop
                        </Text>
                      )}
                    </IndexTable.Cell>
                    <IndexTable.Cell>
                      <Badge tone={TONES[job.status]}>{STATUS_WORDS[job.status] ?? job.status}</Badge>
                    </IndexTable.Cell>
                    <IndexTable.Cell>
                      {job.attempts} / {job.maxAttempts}
                    </IndexTable.Cell>
                    <IndexTable.Cell>
                      <Text as="span" alignment="end" numeric>
                        {formatJobDuration(job.durationMs)}
                      </Text>
                    </IndexTable.Cell>
                    <IndexTable.Cell>
                      <BlockStack>
                        <Text as="span" tone="subdued" breakWord>
                          {job.lastError ?? "—"}
                        </Text>
                      </BlockStack>
                    </IndexTable.Cell>
                    <IndexTable.Cell>{formatShopDateTime(job.updatedAt, timeZone)}</IndexTable.Cell>
                    <IndexTable.Cell>
                      {job.status === "failed" ? (
                        <Form method="post">
                          <input type="hidden" name="jobId" value={job.id} />
                          <Button submit loading={navigation.formData?.get("jobId") === job.id} accessibilityLabel={`Retry ${job.name}`}>
                            Retry
                          </Button>
                        </Form>
                      ) : null}
                    </IndexTable.Cell>
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
