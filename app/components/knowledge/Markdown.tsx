import { BlockStack, Link, List, Text } from "@shopify/polaris";
import { Fragment, useMemo } from "react";
import { parseMarkdown, type Inline } from "./markdown";

function Inlines({ nodes }: { nodes: Inline[] }) {
  return (
    <>
      {nodes.map((node, index) => {
        switch (node.type) {
          case "text":
            return <Fragment key={index}>{node.text}</Fragment>;
          case "strong":
            return (
              <strong key={index}>
                <Inlines nodes={node.children} />
              </strong>
            );
          case "em":
            return (
              <em key={index}>
                <Inlines nodes={node.children} />
              </em>
            );
          case "link":
            return (
              <Link key={index} url={node.href} target="_blank">
                <Inlines nodes={node.children} />
              </Link>
            );
        }
      })}
    </>
  );
}

const HEADINGS = ["h2", "h3", "h4", "h5", "h6", "h6"] as const;
const VARIANTS = ["headingLg", "headingMd", "headingSm", "headingSm", "headingXs", "headingXs"] as const;

/**
 * Renders article Markdown safely: every character is text to React, links are http(s)/mailto only.
 * Headings start at h2 (`#` → h2), under the page's own title.
 */
export function Markdown({ source }: { source: string }) {
  const blocks = useMemo(() => parseMarkdown(source), [source]);
  return (
    <BlockStack gap="300">
      {blocks.map((block, index) => {
        if (block.type === "heading") {
          return (
            <Text key={index} as={HEADINGS[block.level - 1]!} variant={VARIANTS[block.level - 1]!}>
              <Inlines nodes={block.children} />
            </Text>
          );
        }
        if (block.type === "list") {
          return (
            <List key={index} type={block.ordered ? "number" : "bullet"}>
              {block.items.map((item, i) => (
                <List.Item key={i}>
                  <Inlines nodes={item} />
                </List.Item>
              ))}
            </List>
          );
        }
        return (
          <Text key={index} as="p">
            <Inlines nodes={block.children} />
          </Text>
        );
      })}
    </BlockStack>
  );
}
