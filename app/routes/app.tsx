import type { HeadersFunction, LoaderFunctionArgs } from "@remix-run/node";
import { Link, Outlet, useLoaderData, useRouteError } from "@remix-run/react";
import { NavMenu } from "@shopify/app-bridge-react";
import polarisStyles from "@shopify/polaris/build/esm/styles.css?url";
import { AppProvider } from "@shopify/shopify-app-remix/react";
import { boundary } from "@shopify/shopify-app-remix/server";
import { env } from "../.server/env.server";
import { authenticateAdmin } from "../.server/shops/authenticate-admin.server";
import { adminNavFor } from "../components/admin-nav";
import { StandaloneFrame } from "../components/StandaloneFrame";
import { ShopTimeZoneProvider } from "../components/shop-time";

export const links = () => [{ rel: "stylesheet", href: polarisStyles }];

export async function loader({ request }: LoaderFunctionArgs) {
  const { shop, demo, admin } = await authenticateAdmin(request);
  // Inside Shopify admin there is an Admin API client; the demo and WooCommerce merchants signed in
  // from WordPress use the admin outside Shopify's iframe, where App Bridge has nothing to talk to.
  return { apiKey: env().shopifyApiKey, demo, embedded: Boolean(admin), shopName: shop.name, nav: adminNavFor(shop.platform), timeZone: shop.timezone };
}

export default function App() {
  const { apiKey, demo, embedded, shopName, nav, timeZone } = useLoaderData<typeof loader>();
  if (!embedded) {
    return (
      <StandaloneFrame shopName={shopName} nav={nav} demo={demo}>
        <ShopTimeZoneProvider value={timeZone}>
          <Outlet />
        </ShopTimeZoneProvider>
      </StandaloneFrame>
    );
  }
  return (
    <AppProvider isEmbeddedApp apiKey={apiKey}>
      <NavMenu>
        {nav.map((item) => (
          <Link key={item.to} to={item.to} rel={item.to === "/app" ? "home" : undefined}>
            {item.label}
          </Link>
        ))}
      </NavMenu>
      <ShopTimeZoneProvider value={timeZone}>
        <Outlet />
      </ShopTimeZoneProvider>
    </AppProvider>
  );
}

// Shopify needs Remix to catch its thrown responses (redirects out of the iframe, for one) and add its headers.
export function ErrorBoundary() {
  return boundary.error(useRouteError());
}

export const headers: HeadersFunction = (headersArgs) => boundary.headers(headersArgs);
