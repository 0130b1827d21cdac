import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { isRouteErrorResponse, useActionData, useLoaderData, useNavigation, useRouteError, useSearchParams, useSubmit } from "@remix-run/react";
import { Badge, Banner, BlockStack, Layout, Modal, Page, Text } from "@shopify/polaris";
import { useEffect, useState } from "react";
import { validationError } from "../.server/errors";
import { orNotFound } from "../.server/http/not-found.server";
import { runIntent } from "../.server/http/run-intent.server";
import { articleInputSchema } from "../.server/knowledge/article-input";
import { articleIntentSchema } from "../.server/knowledge/article-intents";
import { deleteArticle } from "../.server/knowledge/delete-article.server";
import { getArticle } from "../.server/knowledge/get-article.server";
import { publishArticle } from "../.server/knowledge/publish-article.server";
import { updateArticle } from "../.server/knowledge/update-article.server";
import { authenticateAdmin } from "../.server/shops/authenticate-admin.server";
import { formatTime } from "../components/conversations/format";
import { ArticleEditor } from "../components/knowledge/ArticleEditor";
import { SOURCE_LABELS } from "../components/knowledge/labels";
import { useToast } from "../components/toast";
import { useShopTimeZone } from "../components/shop-time";

export const meta: MetaFunction = () => [{ title: "Article · Dokani" }];

const NO_SUCH_ARTICLE = "No such article.";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const ctx = await authenticateAdmin(request);
  return { article: await orNotFound(getArticle(ctx, params.id ?? ""), NO_SUCH_ARTICLE) };
}

const DONE = { save: "Article saved", publish: "Article published", unpublish: "Article moved to drafts" } as const;

export async function action({ request, params }: ActionFunctionArgs) {
  const ctx = await authenticateAdmin(request);
  const id = params.id ?? "";
  const form = Object.fromEntries(await request.formData());
  // An unknown article answers 404 before a malformed form is explained.
  const exists = () => getArticle(ctx, id);
  return runIntent(
    form,
    articleIntentSchema,
    async (intent) => {
      switch (intent.intent) {
        case "save": {
          const input = articleInputSchema.safeParse(form);
          if (!input.success) {
            await exists();
            throw validationError(input.error, "Some fields need attention.");
          }
          await updateArticle(ctx, { articleId: id, ...input.data });
          break;
        }
        case "publish":
        case "unpublish":
          await publishArticle(ctx, { articleId: id, published: intent.intent === "publish" });
          break;
        case "delete":
          await deleteArticle(ctx, { articleId: id });
          return redirect("/app/knowledge?deleted=1");
      }
      return { message: DONE[intent.intent], at: Date.now() };
    },
    { notFound: NO_SUCH_ARTICLE, exists, invalid: (error) => error.issues[0]!.message },
  );
}

export default function ArticlePage() {
  const timeZone = useShopTimeZone();
  const { article } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const navigation = useNavigation();
  const { show } = useToast();
  const [searchParams, setSearchParams] = useSearchParams();
  const [confirming, setConfirming] = useState(false);
  const submit = useSubmit();
  const saved = searchParams.get("saved");
  useEffect(() => {
    if (result && "ok" in result && result.ok) show(result.message);
  }, [result, show]);
  useEffect(() => {
    if (!saved) return;
    show(saved === "published" ? "Article created and published" : "Draft created");
    setSearchParams({}, { replace: true });
  }, [saved, show, setSearchParams]);
  const failure = result && "ok" in result && !result.ok ? result : null;
  const published = article.status === "published";
  return (
    <Page
      backAction={{ content: "Knowledge base", url: "/app/knowledge" }}
      title={article.title}
      titleMetadata={<Badge tone={published ? "success" : undefined}>{published ? "Published" : "Draft"}</Badge>}
      subtitle={`${SOURCE_LABELS[article.source] ?? article.source} · ${article.passages} search passages`}
      secondaryActions={[{ content: "Delete", destructive: true, onAction: () => setConfirming(true) }]}
    >
      <Layout>
        {failure ? (
          <Layout.Section>
            <Banner tone="critical" title="That did not work">
              <p>{failure.error}</p>
            </Banner>
          </Layout.Section>
        ) : null}
        {article.source === "shopify_policy" || article.source === "demo" ? (
          <Layout.Section>
            <Banner tone="info">
              <p>This article was imported. Importing again replaces its title and text with the source&apos;s; whether it is published stays your choice.</p>
            </Banner>
          </Layout.Section>
        ) : null}
        <Layout.Section>
          <BlockStack gap="200">
            <Text as="p" tone="subdued">
              {published ? "Published: the chat answers from this article." : "Draft: the chat does not use this article until it is published."}{" "}
              <span suppressHydrationWarning>{`Last updated ${formatTime(article.updatedAt, timeZone)}.`}</span>
            </Text>
            <ArticleEditor
              key={article.updatedAt}
              initial={{ title: article.title, body: article.body, tags: article.tags.join(", ") }}
              errors={failure?.fields ?? {}}
              actions={[
                { intent: "save", label: "Save" },
                published ? { intent: "unpublish", label: "Unpublish" } : { intent: "publish", label: "Publish", primary: true },
              ]}
            />
          </BlockStack>
        </Layout.Section>
      </Layout>
      <Modal
        open={confirming}
        onClose={() => setConfirming(false)}
        title={`Delete “${article.title}”?`}
        primaryAction={{ content: "Delete article", destructive: true, loading: navigation.state !== "idle", onAction: () => {
            setConfirming(false);
            submit({ intent: "delete" }, { method: "post" });
          },
        }}
        secondaryActions={[{ content: "Cancel", onAction: () => setConfirming(false) }]}
      >
        <Modal.Section>
          <Text as="p">The chat stops answering from it at once. This cannot be undone.</Text>
        </Modal.Section>
      </Modal>
    </Page>
  );
}

export function ErrorBoundary() {
  const error = useRouteError();
  const missing = isRouteErrorResponse(error) && error.status === 404;
  return (
    <Page backAction={{ content: "Knowledge base", url: "/app/knowledge" }} title={missing ? "Article not found" : "Something went wrong"}>
      <Banner tone={missing ? "warning" : "critical"} title={missing ? "There is no such article in this store" : "The article could not be shown"}>
        <p>{missing ? "It may have been deleted, or the link is wrong." : "Please reload the page in a moment."}</p>
      </Banner>
    </Page>
  );
}
