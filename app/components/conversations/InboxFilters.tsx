import { Form, useSubmit } from "@remix-run/react";
import { Button, Checkbox, InlineStack, Select, TextField } from "@shopify/polaris";
import { useState } from "react";

type Values = { status: string; channel: string; assignee: string; unread: boolean; q: string; tag?: string; priority?: string };

const CHANNELS = [
  { label: "Any channel", value: "" },
  { label: "Chat", value: "chat" },
  { label: "Email", value: "email" },
  { label: "WhatsApp", value: "whatsapp" },
  { label: "Voice", value: "voice" },
  { label: "Video", value: "video" },
];
const ASSIGNEES = [
  { label: "Anyone", value: "anyone" },
  { label: "Assigned to me", value: "me" },
  { label: "Unassigned", value: "unassigned" },
];

/** The inbox's search and filters; each change reloads the list from its first page. */
export function InboxFilters({ values }: { values: Values }) {
  const submit = useSubmit();
  const [q, setQ] = useState(values.q);
  const apply = (next: Partial<Values>) => {
    const merged = { ...values, q, ...next };
    const params = new URLSearchParams({ status: merged.status, assignee: merged.assignee });
    if (merged.channel) params.set("channel", merged.channel);
    if (merged.unread) params.set("unread", "1");
    if (merged.q.trim()) params.set("q", merged.q.trim());
    if (merged.tag) params.set("tag", merged.tag);
    if (merged.priority) params.set("priority", merged.priority);
    submit(params, { method: "get", replace: true });
  };
  return (
    <Form
      method="get"
      onSubmit={(event) => {
        event.preventDefault();
        apply({});
      }}
    >
      <InlineStack gap="300" blockAlign="end" wrap>
        <div style={{ minWidth: 240, flexGrow: 1 }}>
          <TextField
            label="Search by customer email or name"
            name="q"
            value={q}
            onChange={setQ}
            autoComplete="off"
            clearButton
            onClearButtonClick={() => {
              setQ("");
              apply({ q: "" });
            }}
            maxLength={200}
          />
        </div>
        <Select label="Channel" options={CHANNELS} value={values.channel} onChange={(channel) => apply({ channel })} />
        <Select label="Assignee" options={ASSIGNEES} value={values.assignee} onChange={(assignee) => apply({ assignee })} />
        <Checkbox label="Unread only" checked={values.unread} onChange={(unread) => apply({ unread })} />
        <Button submit>Search</Button>
      </InlineStack>
    </Form>
  );
}
