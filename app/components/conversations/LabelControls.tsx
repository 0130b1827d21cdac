import { Form, useSearchParams } from "@remix-run/react";
import { Badge, Button, InlineStack, Select, TextField } from "@shopify/polaris";
import { useState } from "react";

const PRIORITIES = ["urgent", "high", "normal", "low"] as const;

/** The inbox's tag and priority filters. */
export function LabelFilters({ tags, tag, priority }: { tags: Array<{ tag: string; count: number }>; tag: string; priority: string }) {
  const [params, setParams] = useSearchParams();
  const set = (key: string, value: string) => {
    const next = new URLSearchParams(params);
    if (value) next.set(key, value);
    else next.delete(key);
    next.delete("cursor");
    setParams(next);
  };
  return (
    <InlineStack gap="300">
      <Select label="Tag" labelInline options={[{ label: "Any tag", value: "" }, ...tags.map((t) => ({ label: `${t.tag} (${t.count})`, value: t.tag }))]} value={tag} onChange={(v) => set("tag", v)} />
      <Select label="Priority" labelInline options={[{ label: "Any priority", value: "" }, ...PRIORITIES.map((p) => ({ label: p, value: p }))]} value={priority} onChange={(v) => set("priority", v)} />
    </InlineStack>
  );
}

/** Tags and priority for several conversations at once: tick them, say what to change. */
export function LabelsBulkForm({ ids }: { ids: Array<{ id: string; label: string }> }) {
  const [chosen, setChosen] = useState<string[]>([]);
  const [addTags, setAddTags] = useState("");
  const [removeTags, setRemoveTags] = useState("");
  const [priority, setPriority] = useState("");
  if (!ids.length) return null;
  return (
    <Form method="post" onSubmit={() => setChosen([])}>
      <details>
        <summary>Change tags or priority of several conversations</summary>
        <InlineStack gap="200" wrap>
          {ids.map((row) => (
            <label key={row.id} style={{ whiteSpace: "nowrap" }}>
              <input type="checkbox" name="conversationIds" value={row.id} checked={chosen.includes(row.id)} onChange={(e) => setChosen((c) => (e.target.checked ? [...c, row.id] : c.filter((x) => x !== row.id)))} /> {row.label}
            </label>
          ))}
        </InlineStack>
        <InlineStack gap="200" blockAlign="end">
          <TextField label="Add tags (comma between)" name="addTags" value={addTags} onChange={setAddTags} autoComplete="off" />
          <TextField label="Remove tags" name="removeTags" value={removeTags} onChange={setRemoveTags} autoComplete="off" />
          <Select label="Priority" name="priority" options={[{ label: "Leave as is", value: "" }, ...PRIORITIES.map((p) => ({ label: p, value: p }))]} value={priority} onChange={setPriority} />
          <Button submit disabled={!chosen.length}>{`Apply to ${chosen.length}`}</Button>
        </InlineStack>
      </details>
    </Form>
  );
}

export function PriorityBadge({ priority }: { priority: string }) {
  if (priority === "normal") return null;
  return <Badge tone={priority === "urgent" ? "critical" : priority === "high" ? "warning" : undefined}>{`${priority[0]!.toUpperCase()}${priority.slice(1)} priority`}</Badge>;
}

/** A breached or nearly breached SLA timer. */
export function SlaBadge({ sla }: { sla: { timer: "first_response" | "resolution"; state: "breached" | "at_risk"; dueAt: string | null } | null }) {
  if (!sla) return null;
  const what = sla.timer === "first_response" ? "first reply" : "resolution";
  return <Badge tone={sla.state === "breached" ? "critical" : "attention"}>{sla.state === "breached" ? `SLA breached: ${what}` : `SLA: ${what} due soon`}</Badge>;
}
