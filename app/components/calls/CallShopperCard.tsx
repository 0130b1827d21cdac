import { Banner, BlockStack, Button, Card, Link, Text, TextField } from "@shopify/polaris";
import { useFetcher } from "@remix-run/react";
import { useState } from "react";
import { useActionResult } from "../use-action-result";
import { useToast } from "../toast";

type Target = { available: boolean; reason: string | null; contactId: string | null; returnId: string | null };
type Answer = { ok: true; message: string; callId: string; conversationId: string | null } | { ok: false; error: string; fields?: Record<string, string> };

/**
 * "Call the shopper": the shop's voice agent phones the contact and says why first. Disabled, with
 * the reason, when voice calls are off or not connected with a phone number, or there is no number.
 */
export function CallShopperCard({ target, defaultPurpose }: { target: Target; defaultPurpose: string }) {
  const fetcher = useFetcher<Answer>();
  const toast = useToast();
  const [purpose, setPurpose] = useState(defaultPurpose);
  useActionResult(fetcher.data, (answer) => {
    if (answer.ok) toast.show(answer.message);
  });
  const answer = fetcher.data;
  return (
    <Card>
      <fetcher.Form method="post" action="/app/calls/place">
        <input type="hidden" name="intent" value="call" />
        {target.contactId ? <input type="hidden" name="contactId" value={target.contactId} /> : null}
        {target.returnId ? <input type="hidden" name="returnId" value={target.returnId} /> : null}
        <BlockStack gap="300">
          <Text as="h2" variant="headingMd">
            Call the shopper
          </Text>
          {answer && !answer.ok ? (
            <Banner tone="critical" title="The call was not placed">
              <p>{answer.error}</p>
            </Banner>
          ) : null}
          {answer?.ok && answer.conversationId ? (
            <Text as="p">
              <Link url={`/app/conversations/${answer.conversationId}`}>Follow the call</Link>: its transcript lands in that conversation.
            </Text>
          ) : null}
          <TextField
            label="Purpose"
            name="purpose"
            value={purpose}
            onChange={setPurpose}
            maxLength={300}
            autoComplete="off"
            disabled={!target.available}
            helpText="The AI says this first, then helps with whatever the shopper asks. The person answering is not treated as verified."
          />
          <Button submit variant="primary" disabled={!target.available || !purpose.trim()} loading={fetcher.state !== "idle"}>
            Call the shopper
          </Button>
          {target.reason ? (
            <Text as="p" tone="subdued">
              {target.reason}
            </Text>
          ) : null}
        </BlockStack>
      </fetcher.Form>
    </Card>
  );
}
