import { Form, useLocation } from "@remix-run/react";
import { AppProvider, Banner, Box, Button, Frame, Navigation } from "@shopify/polaris";
import enTranslations from "@shopify/polaris/locales/en.json";
import { type AdminNavItem } from "./admin-nav";
import { RemixPolarisLink } from "./RemixPolarisLink";
import { ToastProvider } from "./toast";

/**
 * The admin outside Shopify admin: Polaris' own frame and navigation in place of Shopify's. The local
 * demo shows a "Demo store" banner; a WooCommerce merchant signed in from WordPress gets "Sign out".
 */
export function StandaloneFrame({ shopName, nav, demo, children }: { shopName: string; nav: ReadonlyArray<AdminNavItem>; demo: boolean; children: React.ReactNode }) {
  const { pathname } = useLocation();
  const navigation = (
    <Navigation location={pathname}>
      <Navigation.Section
        title={shopName}
        items={nav.map((item) => ({
          url: item.to,
          label: item.label,
          selected: item.to === "/app" ? pathname === "/app" : pathname.startsWith(item.to),
        }))}
      />
    </Navigation>
  );
  return (
    <AppProvider i18n={enTranslations} linkComponent={RemixPolarisLink}>
      <Frame navigation={navigation}>
        <ToastProvider>
          {demo ? (
            <Box paddingBlockStart="400" paddingInline="400">
              <Banner tone="info" title="Demo store">
                <p>
                  You are looking at Dokani with a sample store and made-up shoppers. Nothing here reaches a real Shopify store.
                  The storefront is at <RemixPolarisLink url="/demo">/demo</RemixPolarisLink>.
                </p>
              </Banner>
            </Box>
          ) : (
            <Box paddingBlockStart="400" paddingInline="400">
              <Form method="post" action="/auth/sign-out" reloadDocument>
                <Button submit variant="plain">
                  Sign out
                </Button>
              </Form>
            </Box>
          )}
          {children}
        </ToastProvider>
      </Frame>
    </AppProvider>
  );
}
