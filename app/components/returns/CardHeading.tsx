import { Text } from "@shopify/polaris";

/** The heading every card of the return page opens with. */
export function CardHeading({ children }: { children: React.ReactNode }) {
  return (
    <Text as="h2" variant="headingMd">
      {children}
    </Text>
  );
}
