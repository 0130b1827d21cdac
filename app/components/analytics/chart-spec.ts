/** A chart as plain data: drawn by polaris-viz in the browser and listed as a table for everyone. */
export type AnalyticsChartSpec = {
  kind: "line" | "bar" | "horizontal-bar" | "donut";
  /** Money series are drawn from display numbers; the table shows the exact decimal strings. */
  unit?: "count" | "money";
  /** Header of the table's first column (what each point is). */
  labelHeading: string;
  series: Array<{ name: string; points: Array<{ label: string; value: number; display?: string }> }>;
};
