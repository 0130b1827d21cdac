import { useNavigation, useSubmit } from "@remix-run/react";
import { BlockStack, Modal, Select, Text, TextField } from "@shopify/polaris";
import { useState } from "react";
import { RESOLUTION_LABELS } from "./labels";
import type { ActionResult } from "../action-result";

/** What resolving a security event answers: the resolved event's id, or why it was not resolved. */
export type ResolveResult = ActionResult<"resolve", { resolved: string }>;

/**
 * Asks how a security event was resolved (and an optional note) and posts `intent=resolve` to the
 * current route. Blocking a customer is done in the policy editor; the modal links there.
 */
export function ResolveEventModal({
  event,
  resolutions,
  result,
  onClose,
}: {
  event: { id: string; title: string } | null;
  resolutions: readonly string[];
  result: ResolveResult | undefined;
  onClose: () => void;
}) {
  const submit = useSubmit();
  const navigation = useNavigation();
  const [resolution, setResolution] = useState("");
  const [note, setNote] = useState("");
  const busy = navigation.state !== "idle" && navigation.formData?.get("intent") === "resolve";

  const [formFor, setFormFor] = useState(event?.id);
  if (formFor !== event?.id) {
    setFormFor(event?.id);
    setResolution("");
    setNote("");
  }

  const fields = result && !result.ok ? (result.fields ?? {}) : {};
  return (
    <Modal
      open={Boolean(event)}
      onClose={onClose}
      title={event ? `Resolve: ${event.title}` : "Resolve event"}
      primaryAction={{
        content: "Resolve event",
        loading: busy,
        onAction: () => {
          if (!event) return;
          submit({ intent: "resolve", eventId: event.id, resolution, note }, { method: "post" });
        },
      }}
      secondaryActions={[{ content: "Cancel", onAction: onClose }]}
    >
      <Modal.Section>
        <BlockStack gap="300">
          {result && !result.ok && !result.fields ? (
            <Text as="p" tone="critical">
              {result.error}
            </Text>
          ) : null}
          <Select
            label="Resolution"
            options={[{ label: "Choose…", value: "" }, ...resolutions.map((r) => ({ label: RESOLUTION_LABELS[r] ?? r, value: r }))]}
            value={resolution}
            onChange={setResolution}
            error={fields.resolution}
          />
          <TextField label="Note (optional)" value={note} onChange={setNote} multiline={3} maxLength={1000} autoComplete="off" error={fields.note} />
          <Text as="p" tone="subdued">
            To stop a customer from returning again, add their email to the blocked emails of a new policy version under Policies.
          </Text>
        </BlockStack>
      </Modal.Section>
    </Modal>
  );
}
