import { BarChart, DonutChart, LineChart, PolarisVizProvider } from "@shopify/polaris-viz";
// The charts' own stylesheet travels with this lazy chunk: the chunk resolves only once it has
// loaded, so a legend is never measured unstyled (a tall, unstyled legend leaves the plot a
// negative height).
import "@shopify/polaris-viz/build/esm/styles.css";
import type { AnalyticsChartSpec } from "./chart-spec";

/**
 * The polaris-viz chart for a spec. Loaded only in the browser (this module is `.client`), and
 * lazily, so the charts' code never delays the page's first paint.
 */
export default function AnalyticsChart({ spec }: { spec: AnalyticsChartSpec }) {
  const data = spec.series.map((s) => ({ name: s.name, data: s.points.map((p) => ({ key: p.label, value: p.value })) }));
  const format = spec.unit === "money" ? (value: number | string | null) => Number(value ?? 0).toFixed(2) : undefined;
  return (
    <PolarisVizProvider>
      {spec.kind === "line" ? (
        <LineChart data={data} showLegend={spec.series.length > 1} isAnimated={false} yAxisOptions={{ integersOnly: true }} />
      ) : spec.kind === "donut" ? (
        <DonutChart data={data} showLegend isAnimated={false} labelFormatter={format} legendPosition="right" />
      ) : (
        <BarChart
          data={data}
          direction={spec.kind === "horizontal-bar" ? "horizontal" : "vertical"}
          showLegend={spec.series.length > 1}
          isAnimated={false}
          yAxisOptions={spec.kind === "bar" ? { integersOnly: true } : undefined}
          xAxisOptions={spec.kind === "horizontal-bar" ? { labelFormatter: format } : undefined}
        />
      )}
    </PolarisVizProvider>
  );
}
