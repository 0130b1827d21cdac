import { z } from "zod";
import { db } from "../../db.server";
import { searchKnowledge } from "../../knowledge/search-knowledge.server";
import { compareArticleToPolicy } from "../../policies/compare-article-to-policy";
import { getActivePolicy } from "../../policies/get-active-policy.server";
import { publicPolicySummary } from "../../policies/policy-rules";
import { describePolicy, findPolicyTopics, touchesReturnPolicy } from "../policy-answer";
import { defineTool } from "./tool";

/**
 * `search_knowledge_base`: the best passages of the shop's published articles. A search about
 * returns also gets the active policy's own statement, and passages of articles whose figures the
 * policy contradicts are marked so and are not cited.
 */
export const searchKnowledgeBaseTool = defineTool({
  name: "search_knowledge_base",
  description: "Search the shop's help articles (shipping, returns policy, sizing, products, care). Use it before answering any question about the shop.",
  args: z.object({
    query: z.string().trim().min(1).max(300).describe("What to look up in the shop's help articles, in a few words (for example: shipping to Canada)."),
  }),
  async run(ctx, args) {
    const hits = await searchKnowledge(db(), ctx.shop.id, args.query, { limit: 4 });
    const policy = touchesReturnPolicy(args.query) ? await db().policy.findFirst({ where: { shopId: ctx.shop.id, status: "active" }, select: { id: true } }) : null;
    const rules = policy ? (await getActivePolicy(db(), ctx.shop.id)).rules : null;
    const outdated = new Set<string>();
    if (rules && hits.length) {
      const bodies = await db().knowledgeArticle.findMany({ where: { shopId: ctx.shop.id, id: { in: [...new Set(hits.map((h) => h.articleId))] } }, select: { id: true, body: true } });
      for (const body of bodies) if (compareArticleToPolicy(body.body, rules).length) outdated.add(body.id);
    }
    const cited = hits.filter((h) => !outdated.has(h.articleId));
    const sources = [...new Map(cited.map((h) => [h.articleId, { articleId: h.articleId, title: h.title }])).values()];
    const topics = findPolicyTopics(args.query);
    return {
      ok: true,
      result: {
        ...(rules
          ? {
              returnPolicy: {
                note: "The store's active return policy. Its figures are the truth; an article marked outdated gives other figures and must not be quoted for them.",
                statement: describePolicy(publicPolicySummary(rules), topics.length ? topics : ["general"], "en"),
              },
            }
          : {}),
        articles: hits.map((h) => ({ articleId: h.articleId, title: h.title, heading: h.heading, text: h.text, ...(outdated.has(h.articleId) ? { outdated: true } : {}) })),
      },
      summary: hits.length ? `${hits.length} passages from ${[...new Set(hits.map((h) => h.title))].join(", ")}${rules ? " and the active policy" : ""}` : rules ? "the active policy" : "nothing found",
      sources,
    };
  },
});
