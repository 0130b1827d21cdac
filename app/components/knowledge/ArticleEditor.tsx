import { Form, useNavigation, useSubmit } from "@remix-run/react";
import { BlockStack, Button, Card, InlineGrid, InlineStack, Text, TextField } from "@shopify/polaris";
import { useRef, useState } from "react";
import { Markdown } from "./Markdown";

export type ArticleDraft = { title: string; body: string; tags: string };

/** A submit button of the editor; it posts the form with its own `intent`. */
export type EditorAction = { intent: string; label: string; primary?: boolean };

/**
 * The Markdown editor: title, body and tags, with a preview that renders as the body changes,
 * safely (see `Markdown`). Each of `actions` posts the form with its own `intent`; pressing Enter
 * in a field posts the first one.
 */
export function ArticleEditor({ initial, errors, actions }: { initial: ArticleDraft; errors: Record<string, string>; actions: EditorAction[] }) {
  const [draft, setDraft] = useState(initial);
  const form = useRef<HTMLFormElement>(null);
  const submit = useSubmit();
  const navigation = useNavigation();
  const send = (intent: string) => {
    if (!form.current) return;
    const data = new FormData(form.current);
    data.set("intent", intent);
    submit(data, { method: "post" });
  };
  const set = (field: keyof ArticleDraft) => (value: string) => setDraft((d) => ({ ...d, [field]: value }));
  return (
    <Form method="post" ref={form}>
      <input type="hidden" name="intent" value={actions[0]?.intent ?? "save"} />
      <InlineGrid columns={{ xs: 1, md: 2 }} gap="400">
        <Card>
          <BlockStack gap="400">
            <TextField label="Title" name="title" value={draft.title} onChange={set("title")} autoComplete="off" maxLength={200} error={errors.title} requiredIndicator />
            <TextField
              label="Body"
              name="body"
              value={draft.body}
              onChange={set("body")}
              multiline={16}
              autoComplete="off"
              maxLength={50_000}
              error={errors.body}
              requiredIndicator
              helpText="Markdown: # headings, - lists, **bold**, *italic*, [links](https://example.com). Sections under ## headings become the passages the chat answers from."
            />
            <TextField
              label="Tags"
              name="tags"
              value={draft.tags}
              onChange={set("tags")}
              autoComplete="off"
              error={errors.tags}
              helpText="Separate tags with commas, for example: shipping, international."
            />
            <InlineStack gap="200" align="end">
              {actions.map((action) => (
                <Button
                  key={action.intent}
                  variant={action.primary ? "primary" : undefined}
                  loading={navigation.state !== "idle" && navigation.formData?.get("intent") === action.intent}
                  onClick={() => send(action.intent)}
                >
                  {action.label}
                </Button>
              ))}
            </InlineStack>
          </BlockStack>
        </Card>
        <Card>
          <BlockStack gap="300">
            <Text as="h2" variant="headingMd">
              Preview
            </Text>
            <section aria-label="Article preview">
              <BlockStack gap="300">
                <Text as="p" variant="headingLg">
                  {draft.title || "Untitled article"}
                </Text>
                {draft.body.trim() ? (
                  <Markdown source={draft.body} />
                ) : (
                  <Text as="p" tone="subdued">
                    The preview appears as you write.
                  </Text>
                )}
              </BlockStack>
            </section>
          </BlockStack>
        </Card>
      </InlineGrid>
    </Form>
  );
}
