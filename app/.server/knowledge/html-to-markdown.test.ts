import { describe, expect, it } from "vitest";
import { decodeEntities, htmlToMarkdown } from "./html-to-markdown";

describe("htmlToMarkdown", () => {
  it("keeps headings, paragraphs, line breaks, lists, emphasis and safe links", () => {
    const html = `<h1>Refunds</h1><p>Line one<br>line two</p><h3>Details</h3><ol><li>First</li><li><em>Second</em></li></ol>
      <p>Mail <a href="mailto:help@shop.test">us</a> or <b>call</b>.</p>`;
    expect(htmlToMarkdown(html)).toBe("## Refunds\n\nLine one\nline two\n\n### Details\n\n1. First\n2. *Second*\n\nMail [us](mailto:help@shop.test) or **call**.");
  });

  it("drops scripts, styles, comments, event handlers and unsafe link targets", () => {
    const html = `<style>p{color:red}</style><!-- <p>hidden</p> --><p onclick="x()">Hi <a href="javascript:alert(1)">there</a>
      <a href="data:text/html,evil">data</a><iframe src="https://evil.test">frame text</iframe><SCRIPT>alert(1)</SCRIPT></p>`;
    const out = htmlToMarkdown(html);
    expect(out).toBe("Hi there data");
  });

  it("decodes entities once, so encoded markup stays text and markdown syntax in text is escaped", () => {
    expect(htmlToMarkdown("<p>&lt;script&gt;alert(1)&lt;/script&gt; &amp;amp; 5 * 3 [x]</p>")).toBe("<script>alert(1)</script> &amp; 5 \\* 3 \\[x\\]");
    expect(decodeEntities("&#65;&#x42;&nbsp;&bogus; &#0; &#xD800;")).toBe("AB &bogus;  ");
  });

  it("nests lists and ignores unknown tags and broken markup", () => {
    expect(htmlToMarkdown("<ul><li>A<ul><li>B</li></ul></li></ul><p>x < y <custom-tag>z</custom-tag>")).toBe("- A\n  - B\n\nx < y z");
  });
});
