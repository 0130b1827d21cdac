import { Form, useRevalidator, useSubmit } from "@remix-run/react";
import { Banner, BlockStack, Button, Card, InlineStack, Link, List, ProgressBar, Select, Text } from "@shopify/polaris";
import { useEffect, useState } from "react";
import type { BacktestView } from "../../.server/policies/describe-backtest";
import { ScrollableDataTable } from "../ScrollableDataTable";
import { formatDate } from "./format";
import { BACKTEST_DAY_CHOICES, BACKTEST_OUTCOMES, OUTCOME_LABELS } from "./labels";
import { useShopTimeZone } from "../shop-time";

const POLL_MS = 1_500;

type Props = {
  version: number;
  backtest: BacktestView | null;
  error?: string;
  fieldError?: string;
  starting: boolean;
};

/** Polls the page's loader while a backtest is queued or running, and stops when it is done. */
function usePollWhile(active: boolean) {
  const revalidator = useRevalidator();
  useEffect(() => {
    if (!active) return;
    const timer = setInterval(() => {
      if (revalidator.state === "idle") revalidator.revalidate();
    }, POLL_MS);
    return () => clearInterval(timer);
  }, [active, revalidator]);
}

/** Runs this version over past returns and shows how decisions and refunds would have changed. */
export function BacktestCard({ version, backtest, error, fieldError, starting }: Props) {
  const timeZone = useShopTimeZone();
  const running = backtest?.status === "queued" || backtest?.status === "running";
  usePollWhile(running);
  const submit = useSubmit();
  const [days, setDays] = useState(String(backtest?.days ?? 90));
  const result = backtest?.status === "completed" ? backtest.result : null;
  const stale = Boolean(backtest?.stale);

  return (
    <Card>
      <BlockStack gap="400">
        <Text as="h2" variant="headingMd">
          Backtest
        </Text>
        <Text as="p" tone="subdued">
          Decide past returns again with version {version}&apos;s rules and see which decisions and refunds would change.
        </Text>
        {error ? (
          <Banner tone="critical" title="The backtest could not start">
            <p>{error}</p>
          </Banner>
        ) : null}
        <Form method="post">
          <input type="hidden" name="intent" value="backtest" />
          <InlineStack gap="300" blockAlign="end">
            <Select
              label="Returns from the last"
              name="days"
              options={BACKTEST_DAY_CHOICES.map((d) => ({ label: `${d} days`, value: String(d) }))}
              value={days}
              onChange={setDays}
              error={fieldError}
              disabled={running}
            />
            <Button submit loading={starting} disabled={running}>
              Run backtest
            </Button>
          </InlineStack>
        </Form>

        {running ? (
          <BlockStack gap="200">
            <Text as="p" id="backtest-progress-label">
              {backtest.status === "queued" ? "Waiting to start" : "Deciding returns again"} ({backtest.progress}%)
            </Text>
            <ProgressBar progress={backtest.progress} size="small" ariaLabelledBy="backtest-progress-label" />
            {backtest.error ? (
              <Text as="p" tone="subdued">
                {backtest.error}
              </Text>
            ) : null}
          </BlockStack>
        ) : null}

        {backtest?.status === "failed" ? (
          <Banner
            tone="critical"
            title="The backtest failed"
            action={{
              content: "Retry",
              onAction: () => submit({ intent: "backtest", days: String(backtest.days) }, { method: "post" }),
            }}
          >
            <p>{backtest.error ?? "It stopped without saying why."}</p>
          </Banner>
        ) : null}

        {result ? (
          <BlockStack gap="400">
            {stale ? (
              <Banner tone="warning" title="The rules changed after this backtest">
                <p>Run it again to see the effect of the rules as they are now.</p>
              </Banner>
            ) : null}
            <Text as="p" variant="headingSm">
              {result.headline}
            </Text>
            <Text as="p" tone="subdued">
              {result.total} return{result.total === 1 ? "" : "s"} from the last {result.days} days (to {formatDate(result.to, timeZone)})
              {result.undecided > 0 ? `, of which ${result.undecided} still wait${result.undecided === 1 ? "s" : ""} for a decision and ${result.undecided === 1 ? "is" : "are"} not compared` : ""}; {result.flipCount} decision
              {result.flipCount === 1 ? "" : "s"} would change.
              {result.skipped > 0 ? ` ${result.skipped} could not be decided again from the stored data.` : ""}
            </Text>
            <BlockStack gap="200">
              <Text as="h3" variant="headingSm">
                Outcomes: original (rows) and with version {version} (columns)
              </Text>
              <ScrollableDataTable
                label="Backtest outcomes"
                columnContentTypes={["text", "numeric", "numeric", "numeric"]}
                headings={["Original outcome", ...BACKTEST_OUTCOMES.map((o) => `Now ${OUTCOME_LABELS[o].toLowerCase()}`)]}
                rows={BACKTEST_OUTCOMES.map((from) => [OUTCOME_LABELS[from], ...BACKTEST_OUTCOMES.map((to) => result.matrix[from][to])])}
              />
            </BlockStack>
            <BlockStack gap="200">
              <Text as="h3" variant="headingSm">
                Value of approved returns
              </Text>
              {result.refunds.length === 0 ? (
                <Text as="p" tone="subdued">
                  No returns in this period.
                </Text>
              ) : (
                <List type="bullet">
                  {result.refunds.map((r) => (
                    <List.Item key={r.currency}>
                      {r.before} → {r.after} ({r.delta}){result.refunds.length > 1 ? ` in ${r.currency}` : ""}
                    </List.Item>
                  ))}
                </List>
              )}
            </BlockStack>
            <BlockStack gap="200">
              <Text as="h3" variant="headingSm">
                Returns that would change
              </Text>
              {result.flipCount === 0 ? (
                <Text as="p" tone="subdued">
                  None.
                </Text>
              ) : (
                <>
                  {result.flipCount > result.flips.length ? (
                    <Text as="p" tone="subdued">
                      Showing the first {result.flips.length} of {result.flipCount}.
                    </Text>
                  ) : null}
                  <List type="bullet">
                    {result.flips.map((flip) => (
                      <List.Item key={flip.id}>
                        <Link url={`/app/returns/${flip.id}`}>{flip.orderName}</Link> ({formatDate(flip.createdAt, timeZone)}): {OUTCOME_LABELS[flip.from]} → {OUTCOME_LABELS[flip.to]}
                        {flip.reasons.length ? `: ${flip.reasons.map((r) => r.message).join(" ")}` : ""}
                      </List.Item>
                    ))}
                  </List>
                </>
              )}
            </BlockStack>
          </BlockStack>
        ) : null}
        {!backtest ? (
          <Text as="p" tone="subdued">
            This version has not been backtested yet.
          </Text>
        ) : null}
      </BlockStack>
    </Card>
  );
}
