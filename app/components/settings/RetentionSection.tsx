import { Card, Layout, Text, TextField } from "@shopify/polaris";
import { useState } from "react";
import { SectionForm } from "./SectionForm";
import { errorsFor, type SettingsResult } from "./types";

type Props = { retention: { evidenceDays: number; conversationDays: number }; result: SettingsResult | undefined };

/** How long return photos and closed conversations are kept; the daily `maintenance.retention` job deletes older ones. */
export function RetentionSection({ retention, result }: Props) {
  const { error, fields } = errorsFor(result, "retention");
  const [evidenceDays, setEvidenceDays] = useState(String(retention.evidenceDays));
  const [conversationDays, setConversationDays] = useState(String(retention.conversationDays));
  return (
    <Layout.AnnotatedSection
      id="retention"
      title="Data retention"
      description="Once a day Dokani deletes what is older than this. Returns themselves, their decisions and the audit log are kept."
    >
      <Card>
        <SectionForm intent="retention" error={error}>
          <TextField
            label="Keep return photos for (days after the return closes)"
            name="retention.evidenceDays"
            type="number"
            min={30}
            max={3650}
            value={evidenceDays}
            onChange={setEvidenceDays}
            autoComplete="off"
            error={fields["retention.evidenceDays"]}
            helpText="30 to 3650. Photos of completed, denied and cancelled returns are deleted from storage after this."
          />
          <TextField
            label="Keep closed conversations for (days after the last message)"
            name="retention.conversationDays"
            type="number"
            min={30}
            max={3650}
            value={conversationDays}
            onChange={setConversationDays}
            autoComplete="off"
            error={fields["retention.conversationDays"]}
            helpText="30 to 3650. The conversation, its messages and their photos are deleted."
          />
          <Text as="p" tone="subdued">
            Each run writes an audit entry with what it deleted.
          </Text>
        </SectionForm>
      </Card>
    </Layout.AnnotatedSection>
  );
}
