import { describe, expect, it } from "vitest";
import { readConfig } from "./config";

const page = { lang: "en", hostname: "shop.example", scriptSrc: "https://cdn.shopify.com/extensions/abc/assets/dokani-chat-launcher.js" };
const label = (locale: string) => (locale.startsWith("fr") ? "Discuter avec nous" : "Chat with us");

describe("readConfig", () => {
  it("reads the block's data attributes", () => {
    const config = readConfig(
      {
        proxyBase: "/wp-json/dokani/v1/proxy/",
        shop: "dokani-demo.myshopify.com",
        locale: "fr",
        accent: "#FFD400",
        position: "left",
        greeting: "  Bonjour !  ",
        label: "Besoin d'aide ?",
        panelSrc: "https://cdn.example/p.js",
        panelCss: "https://cdn.example/p.css",
      },
      page,
      label,
    );
    expect(config).toEqual({
      proxyBase: "/wp-json/dokani/v1/proxy",
      shop: "dokani-demo.myshopify.com",
      locale: "fr",
      accent: "#ffd400",
      onAccent: "#000000",
      position: "left",
      greeting: "Bonjour !",
      label: "Besoin d'aide ?",
      panelSrc: "https://cdn.example/p.js",
      panelCss: "https://cdn.example/p.css",
    });
  });

  it("falls back to the app proxy, the page's host and language, and the files beside the launcher", () => {
    const config = readConfig({ label: " " }, { ...page, lang: "fr-CA" }, label);
    expect(config).toMatchObject({
      proxyBase: "/apps/dokani",
      shop: "shop.example",
      locale: "fr-CA",
      position: "right",
      greeting: "",
      label: "Discuter avec nous",
      panelSrc: "https://cdn.shopify.com/extensions/abc/assets/dokani-chat-panel.js",
      panelCss: "https://cdn.shopify.com/extensions/abc/assets/dokani-chat-panel.css",
    });
  });
});
