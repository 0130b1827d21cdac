/** What `h` accepts as a child: nodes, text (always as text, never markup) and nothing. */
export type Child = Node | string | number | null | undefined | false | Child[];

/** Attributes and listeners: `on<event>` takes a listener, `true`/`false` toggle a boolean attribute. */
export type Props = Record<string, string | number | boolean | null | undefined | EventListener>;

/** Creates an element with attributes, listeners and children; the whole panel is built with it. */
export function h<K extends keyof HTMLElementTagNameMap>(tag: K, props?: Props | null, ...children: Child[]): HTMLElementTagNameMap[K] {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(props ?? {})) {
    if (value === null || value === undefined || value === false) continue;
    if (typeof value === "function") element.addEventListener(name.slice(2), value);
    else element.setAttribute(name, value === true ? "" : String(value));
  }
  append(element, children);
  return element;
}

/** Appends children as `h` does. */
export function append(parent: Node, children: Child[]): void {
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    if (Array.isArray(child)) append(parent, child);
    else parent.appendChild(typeof child === "object" ? child : document.createTextNode(String(child)));
  }
}

/** A URL from the server that is safe as an image source or link: http(s) or same-page relative only. */
export function safeUrl(url: string): string | null {
  try {
    const parsed = new URL(url, location.href);
    return parsed.protocol === "https:" || parsed.protocol === "http:" || parsed.protocol === "blob:" ? parsed.href : null;
  } catch {
    return null;
  }
}
