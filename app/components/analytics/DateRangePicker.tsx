import { useState } from "react";
import { useNavigate } from "@remix-run/react";
import { ActionList, BlockStack, Box, Button, DatePicker, InlineStack, Popover, Text } from "@shopify/polaris";
import { CalendarIcon } from "@shopify/polaris-icons";

export type DateRange = { from: string; to: string };

/** A day "YYYY-MM-DD" as a local Date (the picker works in local dates), and back. */
function toDate(day: string): Date {
  const [y, m, d] = day.split("-").map(Number);
  return new Date(y!, m! - 1, d!);
}
function toDay(date: Date): string {
  return `${date.getFullYear()}-${String(date.getMonth() + 1).padStart(2, "0")}-${String(date.getDate()).padStart(2, "0")}`;
}
function shift(day: string, days: number): string {
  const date = new Date(`${day}T00:00:00Z`);
  date.setUTCDate(date.getUTCDate() + days);
  return date.toISOString().slice(0, 10);
}

/** The preset ranges, each ending today (the server's UTC day). */
export function presets(today: string): Array<{ id: string; label: string; range: DateRange }> {
  return [
    { id: "7d", label: "Last 7 days", range: { from: shift(today, -6), to: today } },
    { id: "30d", label: "Last 30 days", range: { from: shift(today, -29), to: today } },
    { id: "90d", label: "Last 90 days", range: { from: shift(today, -89), to: today } },
    { id: "month", label: "This month", range: { from: `${today.slice(0, 8)}01`, to: today } },
  ];
}

const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
/** "Nov 2, 2026". */
export function formatDay(day: string): string {
  const [y, m, d] = day.split("-").map(Number);
  return `${MONTHS[m! - 1]} ${d}, ${y}`;
}

/**
 * The range picker: presets, or any range in a calendar. The range lives in the URL
 * (`?from=&to=`), so it can be bookmarked and the server validates it.
 */
export function DateRangePicker({ range, today, maxDays }: { range: DateRange; today: string; maxDays: number }) {
  const navigate = useNavigate();
  const [open, setOpen] = useState(false);
  const [custom, setCustom] = useState(false);
  const [selected, setSelected] = useState({ start: toDate(range.from), end: toDate(range.to) });
  const [month, setMonth] = useState({ month: toDate(range.to).getMonth(), year: toDate(range.to).getFullYear() });
  const options = presets(today);
  const current = options.find((p) => p.range.from === range.from && p.range.to === range.to);
  const go = (next: DateRange) => {
    setOpen(false);
    setCustom(false);
    navigate(`?from=${next.from}&to=${next.to}`);
  };
  const pickedFrom = toDay(selected.start);
  const pickedTo = toDay(selected.end);
  const pickedDays = Math.round((Date.parse(`${pickedTo}T00:00:00Z`) - Date.parse(`${pickedFrom}T00:00:00Z`)) / 86_400_000) + 1;
  const tooLong = pickedDays > maxDays;

  return (
    <Popover
      active={open}
      onClose={() => {
        setOpen(false);
        setCustom(false);
      }}
      preferredAlignment="left"
      activator={
        <Button icon={CalendarIcon} disclosure onClick={() => setOpen((v) => !v)} accessibilityLabel={`Date range: ${current ? current.label : `${formatDay(range.from)} to ${formatDay(range.to)}`}. Change`}>
          {current ? current.label : `${formatDay(range.from)} – ${formatDay(range.to)}`}
        </Button>
      }
    >
      {custom ? (
        <Box padding="400" maxWidth="600px">
          <BlockStack gap="300">
            <DatePicker
              month={month.month}
              year={month.year}
              onChange={setSelected}
              onMonthChange={(m, y) => setMonth({ month: m, year: y })}
              selected={selected}
              allowRange
              multiMonth
            />
            <Text as="p" tone={tooLong ? "critical" : "subdued"}>
              {tooLong ? `Choose at most ${maxDays} days (two years).` : `${formatDay(pickedFrom)} – ${formatDay(pickedTo)} (${pickedDays} day${pickedDays === 1 ? "" : "s"})`}
            </Text>
            <InlineStack gap="200" align="end">
              <Button onClick={() => setCustom(false)}>Back</Button>
              <Button variant="primary" disabled={tooLong} onClick={() => go({ from: pickedFrom, to: pickedTo })}>
                Apply
              </Button>
            </InlineStack>
          </BlockStack>
        </Box>
      ) : (
        <ActionList
          actionRole="menuitem"
          items={[
            ...options.map((p) => ({ content: p.label, active: p.id === current?.id, onAction: () => go(p.range) })),
            { content: "Custom range…", active: !current, onAction: () => setCustom(true) },
          ]}
        />
      )}
    </Popover>
  );
}
