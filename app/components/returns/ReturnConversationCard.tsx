import { BlockStack, Card, Link, Text } from "@shopify/polaris";
import { CardHeading } from "./CardHeading";

/** A link to the conversation the return came from, when there is one. */
export function ReturnConversationCard({ conversationId }: { conversationId: string | null }) {
  return (
    <Card>
      <BlockStack gap="200">
        <CardHeading>Conversation</CardHeading>
        {conversationId ? (
          <Link url={`/app/conversations/${conversationId}`}>Open the conversation about this return</Link>
        ) : (
          <Text as="p" tone="subdued">
            No conversation is linked to this return.
          </Text>
        )}
      </BlockStack>
    </Card>
  );
}
