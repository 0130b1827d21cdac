import { z } from "zod";

export const MAX_TITLE_CHARS = 200;
export const MAX_BODY_CHARS = 50_000;
export const MAX_TAGS = 20;
export const MAX_TAG_CHARS = 40;

/**
 * What a merchant writes for an article. Tags arrive as one comma-separated field (or a list) and
 * leave as unique, lower-case words.
 */
export const articleInputSchema = z.object({
  title: z
    .string({ error: "Give the article a title." })
    .transform((v) => v.replace(/\s+/g, " ").trim())
    .pipe(z.string().min(1, "Give the article a title.").max(MAX_TITLE_CHARS, `Keep the title to ${MAX_TITLE_CHARS} characters or fewer.`)),
  body: z
    .string({ error: "Write the article's text." })
    .transform((v) => v.replace(/\r\n?/g, "\n").trim())
    .pipe(z.string().min(1, "Write the article's text.").max(MAX_BODY_CHARS, `Keep the article to ${MAX_BODY_CHARS.toLocaleString("en-US")} characters or fewer.`)),
  tags: z
    .union([z.string(), z.array(z.string())])
    .optional()
    .transform((v) => {
      const parts = (Array.isArray(v) ? v : (v ?? "").split(",")).map((t) => t.trim().toLowerCase().replace(/\s+/g, " ")).filter(Boolean);
      return [...new Set(parts)];
    })
    .pipe(
      z
        .array(z.string().max(MAX_TAG_CHARS, `Keep each tag to ${MAX_TAG_CHARS} characters or fewer.`))
        .max(MAX_TAGS, `Use at most ${MAX_TAGS} tags.`),
    ),
});

export type ArticleInput = z.infer<typeof articleInputSchema>;
