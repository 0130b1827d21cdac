import type { HeadersFunction, LoaderFunctionArgs } from "@remix-run/node";
import { Link, Outlet, useLoaderData, useRouteError } from "@remix-run/react";
import { NavMenu } from "@shopify/app-bridge-react";
import polarisStyles from "@shopify/polaris/build/esm/styles.css?url";
import { AppProvider } from "@shopify/shopify-app-remix/react";
import { boundary } from "@shopify/shopify-app-remix/server";
import { env } from "../.server/env.server";
import { authenticateAdmin } from "../.server/shops/authenticate-admin.server";
import { ADMIN_NAV } from "../components/admin-nav";
import { DemoFrame } from "../components/DemoFrame";

export const links = () => [{ rel: "stylesheet", href: polarisStyles }];

export async function loader({ request }: LoaderFunctionArgs) {
  const { shop, demo } = await authenticateAdmin(request);
  return { apiKey: env().shopifyApiKey, demo, shopName: shop.name };
}

export default function App() {
  const { apiKey, demo, shopName } = useLoaderData<typeof loader>();
  if (demo) {
    return (
      <DemoFrame shopName={shopName}>
        <Outlet />
      </DemoFrame>
    );
  }
  return (
    <AppProvider isEmbeddedApp apiKey={apiKey}>
      <NavMenu>
        {ADMIN_NAV.map((item) => (
          <Link key={item.to} to={item.to} rel={item.to === "/app" ? "home" : undefined}>
            {item.label}
          </Link>
        ))}
      </NavMenu>
      <Outlet />
    </AppProvider>
  );
}

// Shopify needs Remix to catch its thrown responses (redirects out of the iframe, for one) and add its headers.
export function ErrorBoundary() {
  return boundary.error(useRouteError());
}

export const headers: HeadersFunction = (headersArgs) => boundary.headers(headersArgs);
