/** A retrievable passage of an article: a heading and the text under it. */
export type ArticleChunk = { heading: string | null; text: string };

/** Sections longer than this are split at paragraph breaks, so one hit never drowns the answer. */
export const MAX_CHUNK_CHARS = 1_200;

/**
 * Splits a Markdown article into sections at level-two headings (the intro is headed by the title),
 * then splits long sections at blank lines into passages of at most MAX_CHUNK_CHARS where possible.
 */
export function chunkArticle(title: string, body: string): ArticleChunk[] {
  const sections: ArticleChunk[] = [];
  let heading: string | null = title;
  let lines: string[] = [];
  const flush = () => {
    const text = lines.join("\n").trim();
    if (text) sections.push(...splitLongSection(heading, text));
  };
  for (const line of body.replace(/\r\n?/g, "\n").split("\n")) {
    const match = /^##\s+(.+?)\s*#*\s*$/.exec(line);
    if (match) {
      flush();
      heading = match[1] ?? null;
      lines = [];
    } else {
      lines.push(line);
    }
  }
  flush();
  return sections;
}

function splitLongSection(heading: string | null, text: string): ArticleChunk[] {
  if (text.length <= MAX_CHUNK_CHARS) return [{ heading, text }];
  const passages: ArticleChunk[] = [];
  let current = "";
  for (const paragraph of text.split(/\n{2,}/)) {
    if (current && current.length + paragraph.length + 2 > MAX_CHUNK_CHARS) {
      passages.push({ heading, text: current });
      current = "";
    }
    current = current ? `${current}\n\n${paragraph}` : paragraph;
  }
  if (current) passages.push({ heading, text: current });
  return passages;
}
