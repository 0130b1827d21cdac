import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { AppProvider } from "@shopify/polaris";
import en from "@shopify/polaris/locales/en.json";
import { describe, expect, it } from "vitest";
import { Markdown } from "./Markdown";
import { parseInline, parseMarkdown } from "./markdown";

const render = (source: string) => renderToStaticMarkup(createElement(AppProvider, { i18n: en }, createElement(Markdown, { source })));

describe("the article Markdown reader", () => {
  it("reads headings, paragraphs, lists, bold, italic and links", () => {
    expect(parseMarkdown("# Title\n\nSome **bold** and *italic* and _also_.\n\n- one\n- [two](https://a.test)\n\n1. first\n2. second")).toEqual([
      { type: "heading", level: 1, children: [{ type: "text", text: "Title" }] },
      {
        type: "paragraph",
        children: [
          { type: "text", text: "Some " },
          { type: "strong", children: [{ type: "text", text: "bold" }] },
          { type: "text", text: " and " },
          { type: "em", children: [{ type: "text", text: "italic" }] },
          { type: "text", text: " and " },
          { type: "em", children: [{ type: "text", text: "also" }] },
          { type: "text", text: "." },
        ],
      },
      { type: "list", ordered: false, items: [[{ type: "text", text: "one" }], [{ type: "link", href: "https://a.test", children: [{ type: "text", text: "two" }] }]] },
      { type: "list", ordered: true, items: [[{ type: "text", text: "first" }], [{ type: "text", text: "second" }]] },
    ]);
  });

  it("keeps only http, https and mailto links; other targets become plain text", () => {
    expect(parseInline("[a](javascript:alert(1)) [b](data:text/html,x) [c](mailto:x@y.z) [d](/relative)")).toEqual([
      { type: "text", text: "a" },
      { type: "text", text: ") " },
      { type: "text", text: "b" },
      { type: "text", text: " " },
      { type: "link", href: "mailto:x@y.z", children: [{ type: "text", text: "c" }] },
      { type: "text", text: " " },
      { type: "text", text: "d" },
    ]);
    expect(parseInline("snake_case_word \\*not italic\\*")).toEqual([{ type: "text", text: "snake_case_word *not italic*" }]);
  });

  it("renders hostile input as escaped text, never as markup", () => {
    const html = render(`# <img src=x onerror=alert(1)>\n\n<script>alert(2)</script> **<b>bold</b>**\n\n[click](javascript:alert(3))`);
    expect(html).not.toMatch(/<script|<img|<b>|javascript:|href="javascript/);
    expect(html).toContain("&lt;img src=x onerror=alert(1)&gt;");
    expect(html).toContain("&lt;script&gt;alert(2)&lt;/script&gt;");
    expect(html).toMatch(/<h2[^>]*>/);
    const link = render("[Help](https://help.test/a?b=1&c=2)");
    expect(link).toContain('href="https://help.test/a?b=1&amp;c=2"');
  });
});
