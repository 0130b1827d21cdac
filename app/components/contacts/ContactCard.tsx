import { BlockStack, Card, Link, Text } from "@shopify/polaris";
import { contactLabel, IdentityBadges } from "./IdentityBadges";

type Card = {
  id: string;
  name: string | null;
  identities: Array<{ kind: string; value: string; verified: boolean }>;
  counts: { conversations: number; returns: number; calls: number };
};

/** The person behind a conversation or a return, across channels, with the link to their contact page. */
export function ContactCard({ contact }: { contact: Card | null }) {
  if (!contact) return null;
  const { conversations, returns, calls } = contact.counts;
  return (
    <Card>
      <BlockStack gap="200">
        <Text as="h2" variant="headingMd">
          Contact
        </Text>
        <Link url={`/app/contacts/${contact.id}`}>{contactLabel(contact)}</Link>
        <IdentityBadges identities={contact.identities} />
        <Text as="p" tone="subdued">
          {`${conversations} conversation${conversations === 1 ? "" : "s"}, ${returns} return${returns === 1 ? "" : "s"}, ${calls} call${calls === 1 ? "" : "s"}`}
        </Text>
      </BlockStack>
    </Card>
  );
}
