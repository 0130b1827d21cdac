import { BlockStack, Card, Checkbox, Layout, Text, TextField } from "@shopify/polaris";
import { useState } from "react";
import { SectionForm } from "./SectionForm";
import { errorsFor, type SettingsResult } from "./types";

type Props = {
  settings: { notificationEmail?: string; notifyOn: { returnNeedsReview: boolean; handoff: boolean; securityEvent: boolean } };
  shopEmail: string | null;
  smtp: boolean;
  result: SettingsResult | undefined;
};

/** Where merchant notifications go and which events send one. */
export function NotificationsSection({ settings, shopEmail, smtp, result }: Props) {
  const { error, fields } = errorsFor(result, "notifications");
  const [email, setEmail] = useState(settings.notificationEmail ?? "");
  const [review, setReview] = useState(settings.notifyOn.returnNeedsReview);
  const [handoff, setHandoff] = useState(settings.notifyOn.handoff);
  const [security, setSecurity] = useState(settings.notifyOn.securityEvent);
  return (
    <Layout.AnnotatedSection id="notifications" title="Notifications" description="Emails to you when something needs a person.">
      <Card>
        <SectionForm intent="notifications" error={error}>
          <TextField
            label="Notification email"
            name="notificationEmail"
            type="email"
            value={email}
            onChange={setEmail}
            autoComplete="email"
            error={fields.notificationEmail}
            helpText={shopEmail ? `Leave empty to use the store's email, ${shopEmail}.` : "The store has no email on file, so nothing is sent until you add one."}
          />
          <BlockStack gap="100">
            <Checkbox label="A return needs my review" name="returnNeedsReview" value="on" checked={review} onChange={setReview} />
            <Checkbox label="A conversation is handed off to a person" name="handoff" value="on" checked={handoff} onChange={setHandoff} />
            <Checkbox label="A high-risk security event is raised" name="securityEvent" value="on" checked={security} onChange={setSecurity} />
          </BlockStack>
          <Text as="p" tone="subdued">
            {smtp ? "Sent through the SMTP server in SMTP_URL." : "No SMTP server is configured (SMTP_URL), so notifications are kept in the admin's email log instead of being sent."}
          </Text>
        </SectionForm>
      </Card>
    </Layout.AnnotatedSection>
  );
}
