import { z } from "zod";
import { db } from "../../db.server";
import { searchKnowledge } from "../../knowledge/search-knowledge.server";
import { defineTool } from "./tool";

/** `search_knowledge_base`: the best passages of the shop's published articles. */
export const searchKnowledgeBaseTool = defineTool({
  name: "search_knowledge_base",
  description: "Search the shop's help articles (shipping, returns policy, sizing, products, care). Use it before answering any question about the shop.",
  args: z.object({
    query: z.string().trim().min(1).max(300).describe("What to look up in the shop's help articles, in a few words (for example: shipping to Canada)."),
  }),
  async run(ctx, args) {
    const hits = await searchKnowledge(db(), ctx.shop.id, args.query, { limit: 4 });
    const sources = [...new Map(hits.map((h) => [h.articleId, { articleId: h.articleId, title: h.title }])).values()];
    return {
      ok: true,
      result: { articles: hits.map((h) => ({ articleId: h.articleId, title: h.title, heading: h.heading, text: h.text })) },
      summary: hits.length ? `${hits.length} passages from ${sources.map((s) => s.title).join(", ")}` : "nothing found",
      sources,
    };
  },
});
