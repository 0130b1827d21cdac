import type { DbClient, KnowledgeArticle } from "../db.server";
import { AppError } from "../errors";
import { parseId } from "../http/route-helpers.server";

/** The shop's article with this id; a malformed id, a missing article and another shop's all answer the same 404. */
export async function findArticleOrThrow(client: DbClient, shopId: string, id: string): Promise<KnowledgeArticle> {
  const articleId = parseId(id, "article");
  const article = await client.knowledgeArticle.findFirst({ where: { id: articleId, shopId } });
  if (!article) throw new AppError("not_found", "No such article.");
  return article;
}
