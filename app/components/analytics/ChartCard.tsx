import { lazy, Suspense, useId, useState } from "react";
import { BlockStack, Box, Button, Card, InlineStack, Text } from "@shopify/polaris";
import type { AnalyticsChartSpec } from "./chart-spec";
import { ClientOnly } from "./ClientOnly";
import { SimpleTable } from "./SimpleTable";

const AnalyticsChart = lazy(() => import("./charts.client"));

export const CHART_HEIGHT = 280;

const visuallyHidden = {
  position: "absolute",
  width: 1,
  height: 1,
  margin: -1,
  padding: 0,
  overflow: "hidden",
  clip: "rect(0 0 0 0)",
  whiteSpace: "nowrap",
  border: 0,
} as const;

function Placeholder() {
  return <div style={{ height: CHART_HEIGHT }} />;
}

/**
 * A chart with its heading and its data as a table: the table is always in the page for screen
 * readers and shown on request; the chart itself is drawn in the browser only, in a box of fixed
 * height so the page does not shift when it appears.
 */
export function ChartCard({ title, description, spec, table, empty }: { title: string; description?: string; spec: AnalyticsChartSpec; table?: AnalyticsChartSpec; empty?: string }) {
  const [showTable, setShowTable] = useState(false);
  const tableId = useId();
  // The table may be shaped differently from the chart (a donut's slices are its rows).
  const tabular = table ?? spec;
  const columns = tabular.series.map((s) => s.name);
  const labels = tabular.series[0]?.points.map((p) => p.label) ?? [];
  const rows = labels.map((label, index) => [label, ...tabular.series.map((s) => s.points[index]?.display ?? String(s.points[index]?.value ?? 0))]);
  const isEmpty = Boolean(empty);
  return (
    <Card>
      <BlockStack gap="300">
        <InlineStack align="space-between" blockAlign="center" gap="200">
          <Text as="h2" variant="headingMd">
            {title}
          </Text>
          {isEmpty ? null : (
            <Button variant="plain" onClick={() => setShowTable((v) => !v)} aria-expanded={showTable} aria-controls={tableId}>
              {showTable ? "Hide data table" : "Show data table"}
            </Button>
          )}
        </InlineStack>
        {description ? (
          <Text as="p" tone="subdued">
            {description}
          </Text>
        ) : null}
        {isEmpty ? (
          <Box minHeight={`${CHART_HEIGHT}px`}>
            <Text as="p" tone="subdued">
              {empty}
            </Text>
          </Box>
        ) : (
          <>
            {/* The table below carries the data for assistive technology; the drawing is hidden from it and inert (its parts take no focus). */}
            <div style={{ height: CHART_HEIGHT }} aria-hidden="true" {...{ inert: "" }}>
              <ClientOnly fallback={<Placeholder />}>
                {() => (
                  <Suspense fallback={<Placeholder />}>
                    <AnalyticsChart spec={spec} />
                  </Suspense>
                )}
              </ClientOnly>
            </div>
            <div id={tableId} style={showTable ? undefined : visuallyHidden}>
              <SimpleTable caption={`${title}: data`} headings={[tabular.labelHeading, ...columns]} rows={rows} />
            </div>
          </>
        )}
      </BlockStack>
    </Card>
  );
}
