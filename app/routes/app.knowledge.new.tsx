import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { useActionData } from "@remix-run/react";
import { Banner, Layout, Page } from "@shopify/polaris";
import { z } from "zod";
import { validationError } from "../.server/errors";
import { runIntent } from "../.server/http/run-intent.server";
import { articleInputSchema } from "../.server/knowledge/article-input";
import { createArticle } from "../.server/knowledge/create-article.server";
import { authenticateAdmin } from "../.server/shops/authenticate-admin.server";
import { ArticleEditor } from "../components/knowledge/ArticleEditor";

export const meta: MetaFunction = () => [{ title: "New article · Dokani" }];

export async function loader({ request }: LoaderFunctionArgs) {
  await authenticateAdmin(request);
  return null;
}

const intentSchema = z.object({ intent: z.enum(["save", "publish"], { error: "That action is not one this page offers." }) });

export async function action({ request }: ActionFunctionArgs) {
  const ctx = await authenticateAdmin(request);
  const form = Object.fromEntries(await request.formData());
  return runIntent(
    form,
    intentSchema,
    async ({ intent }) => {
      const input = articleInputSchema.safeParse(form);
      if (!input.success) throw validationError(input.error, "Some fields need attention.");
      const article = await createArticle(ctx, { ...input.data, publish: intent === "publish" });
      return redirect(`/app/knowledge/${article.id}?saved=${intent === "publish" ? "published" : "created"}`);
    },
    { invalid: (error) => error.issues[0]!.message },
  );
}

export default function NewArticle() {
  const result = useActionData<typeof action>();
  return (
    <Page backAction={{ content: "Knowledge base", url: "/app/knowledge" }} title="New article">
      <Layout>
        {result?.error ? (
          <Layout.Section>
            <Banner tone="critical" title="The article was not saved">
              <p>{result.error}</p>
            </Banner>
          </Layout.Section>
        ) : null}
        <Layout.Section>
          <ArticleEditor
            initial={{ title: "", body: "", tags: "" }}
            errors={result?.fields ?? {}}
            actions={[
              { intent: "save", label: "Save draft" },
              { intent: "publish", label: "Save and publish", primary: true },
            ]}
          />
        </Layout.Section>
      </Layout>
    </Page>
  );
}
