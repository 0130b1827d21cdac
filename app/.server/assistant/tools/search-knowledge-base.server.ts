import { z } from "zod";
import { db } from "../../db.server";
import { findPassages } from "../../knowledge/find-passages.server";
import { guessTextLanguage } from "../../knowledge/match-passages";
import { searchKnowledge } from "../../knowledge/search-knowledge.server";
import { detectLanguage } from "../intents";
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
    // The passage matcher reads the query in its own language and knows commerce words across languages; the
    // full-text and vector search (English stemming) add what it misses, for an English query only.
    const language = detectLanguage(args.query) ?? guessTextLanguage(args.query);
    const matched = (await findPassages(db(), ctx.shop.id, args.query, language, 4)).map((m) => ({ articleId: m.passage.articleId, title: m.passage.title, heading: m.passage.heading, text: m.passage.text, rank: m.score }));
    const searched = language === "en" || !matched.length ? await searchKnowledge(db(), ctx.shop.id, args.query, { limit: 4 }) : [];
    const seen = new Set<string>();
    const hits = [...matched.slice(0, 2), ...(language === "en" ? searched : []), ...matched.slice(2)]
      .filter((h) => {
        const key = `${h.articleId}:${h.heading ?? ""}:${h.text.slice(0, 40)}`;
        if (seen.has(key)) return false;
        seen.add(key);
        return true;
      })
      .slice(0, 4);
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
