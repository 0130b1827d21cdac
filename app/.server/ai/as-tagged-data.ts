/** JSON made safe to put between tags: no `<`, `>` or `&` inside can close a tag or open a new one. */
function escapeForTag(json: string): string {
  return json.replace(/</g, "\\u003c").replace(/>/g, "\\u003e").replace(/&/g, "\\u0026");
}

/**
 * `value` as JSON between `<tag>` and `</tag>`: how text from shoppers, orders and articles reaches a
 * model, so that nothing inside can pass for an instruction or close the tag it travels in.
 */
export function asTaggedData(tag: string, value: unknown): string {
  return `<${tag}>${escapeForTag(JSON.stringify(value))}</${tag}>`;
}
