import type { DbClient } from "../db.server";
import { compareArticleToPolicy, type PolicyDisagreement } from "./compare-article-to-policy";
import type { PolicyRules } from "./policy-rules";

/** A published article whose figures contradict a policy version. */
export type DisagreeingArticle = { articleId: string; title: string; disagreements: PolicyDisagreement[] };

/** The shop's published articles that state a window, bonus or fee other than `rules` do, by title. */
export async function findDisagreeingArticles(client: DbClient, shopId: string, rules: PolicyRules): Promise<DisagreeingArticle[]> {
  const articles = await client.knowledgeArticle.findMany({ where: { shopId, status: "published" }, select: { id: true, title: true, body: true }, orderBy: { title: "asc" }, take: 2_000 });
  const out: DisagreeingArticle[] = [];
  for (const article of articles) {
    const disagreements = compareArticleToPolicy(article.body, rules);
    if (disagreements.length) out.push({ articleId: article.id, title: article.title, disagreements });
  }
  return out;
}
