import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { useEffect, useState } from "react";
import { db } from "../../.server/db.server";
import { getDemoStorefront } from "../../.server/demo/get-demo-storefront.server";
import { env } from "../../.server/env.server";
import { DEMO_SHOP_DOMAIN } from "../../.server/shops/demo-shop";
import styles from "./styles.module.css";

/** The storefront bundles the demo loads, as a theme loads the extensions' assets; each is `<name>.css` and `<name>.js`. */
const STOREFRONT_BUNDLES = ["dokani-returns-portal"];
/** The chat widget's launcher, as its app embed loads it; it brings the panel's files itself when the shopper opens it. */
const CHAT_LAUNCHER = "dokani-chat-launcher";

export const links: LinksFunction = () => STOREFRONT_BUNDLES.map((name) => ({ rel: "stylesheet", href: `/demo/assets/${name}.css` }));

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data ? `${data.shopName} · Demo storefront` : "Demo storefront" }];

export async function loader(_: LoaderFunctionArgs) {
  if (env().mode !== "demo") throw new Response("Not found", { status: 404 });
  const shop = await db().shop.findUnique({ where: { platform_domain: { platform: "demo", domain: DEMO_SHOP_DOMAIN } } });
  if (!shop) throw new Response("The demo shop has not been seeded yet.", { status: 503 });
  return { ...(await getDemoStorefront(db(), shop.id)), shopDomain: shop.domain };
}

/** Checks the storefront's path to Dokani: /apps/dokani/* through the local stand-in for Shopify's app proxy. */
function useProxyStatus() {
  const [status, setStatus] = useState<{ ok: boolean; text: string } | null>(null);
  useEffect(() => {
    fetch("/apps/dokani/shop", { headers: { Accept: "application/json" } })
      .then(async (response) => {
        const body = await response.json();
        setStatus(response.ok ? { ok: true, text: `Connected to Dokani as ${body.shop.name}` } : { ok: false, text: body.error?.message ?? "Not connected" });
      })
      .catch(() => setStatus({ ok: false, text: "Dokani could not be reached" }));
  }, []);
  return status;
}

/**
 * Loads the storefront bundles once React has hydrated the page: they write into their mount
 * points, which React would otherwise find changed and render over.
 */
function useStorefrontBundles() {
  useEffect(() => {
    for (const name of [...STOREFRONT_BUNDLES, CHAT_LAUNCHER]) {
      const src = `/demo/assets/${name}.js`;
      if (document.querySelector(`script[src="${src}"]`)) continue;
      const script = document.createElement("script");
      script.src = src;
      script.async = true;
      document.body.appendChild(script);
    }
  }, []);
}

/** A sample storefront for the demo store; the returns portal and chat widget mount in it. */
export default function DemoStorefront() {
  const { shopName, shopDomain, currency, products, sampleOrder } = useLoaderData<typeof loader>();
  const proxy = useProxyStatus();
  useStorefrontBundles();
  const money = new Intl.NumberFormat("en-US", { style: "currency", currency });
  return (
    <div className={styles.page}>
      <header className={styles.header}>
        <a className={styles.brand} href="/demo">
          {shopName}
        </a>
        <nav aria-label="Main" className={styles.nav}>
          <a href="#shop">Shop</a>
          <a href="#returns">Returns</a>
          <a href="/demo/whatsapp">WhatsApp</a>
          <a href="/demo/calls">Voice call</a>
          <a href="/app">Merchant admin</a>
        </nav>
      </header>
      <main>
        <section className={styles.hero}>
          <h1>Made to be worn, easy to return</h1>
          <p>Linen, denim and swimwear for long summers. Not right? Start a return in a minute.</p>
        </section>
        <section id="shop" aria-labelledby="shop-heading" className={styles.section}>
          <h2 id="shop-heading">Popular right now</h2>
          <ul className={styles.grid}>
            {products.map((product) => (
              <li key={product.title} className={styles.card}>
                <div className={styles.swatch} aria-hidden="true" />
                <h3>{product.title}</h3>
                <p className={styles.meta}>
                  {product.productType}
                  {product.finalSale ? <span className={styles.tag}>Final sale</span> : null}
                </p>
                <p className={styles.price}>{money.format(Number(product.price))}</p>
              </li>
            ))}
          </ul>
        </section>
        <section id="returns" aria-labelledby="returns-heading" className={styles.section}>
          <h2 id="returns-heading">Returns and exchanges</h2>
          {sampleOrder ? (
            <p>
              Try it with order <strong>{sampleOrder.name}</strong> and email <strong>{sampleOrder.email}</strong>.
            </p>
          ) : null}
          <div id="dokani-returns-portal" data-dokani-returns-portal="" data-proxy-base="/apps/dokani" data-heading-level="3" className={styles.portal} />
          <p role="status" className={proxy?.ok === false ? styles.error : styles.status}>
            {proxy ? proxy.text : "Connecting to Dokani…"}
          </p>
        </section>
      </main>
      <footer className={styles.footer}>
        <p>
          A sample store served by Dokani&apos;s demo. Storefront requests go to <code>/apps/dokani/…</code> and are signed the way
          Shopify&apos;s app proxy signs them.
        </p>
      </footer>
      {/* What the chat widget's app embed renders on a Shopify storefront. */}
      <div
        id="dokani-chat-widget"
        data-dokani-chat=""
        data-proxy-base="/apps/dokani"
        data-shop={shopDomain}
        data-locale="en"
        data-panel-src="/demo/assets/dokani-chat-panel.js"
        data-panel-css="/demo/assets/dokani-chat-panel.css"
      />
    </div>
  );
}
