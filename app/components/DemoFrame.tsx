import { useLocation } from "@remix-run/react";
import { AppProvider, Banner, Box, Frame, Navigation } from "@shopify/polaris";
import enTranslations from "@shopify/polaris/locales/en.json";
import { ADMIN_NAV } from "./admin-nav";
import { RemixPolarisLink } from "./RemixPolarisLink";
import { ToastProvider } from "./toast";

/** The admin chrome of the local demo: Polaris' own frame and navigation in place of Shopify admin's. */
export function DemoFrame({ shopName, children }: { shopName: string; children: React.ReactNode }) {
  const { pathname } = useLocation();
  const navigation = (
    <Navigation location={pathname}>
      <Navigation.Section
        title={shopName}
        items={ADMIN_NAV.map((item) => ({
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
          <Box paddingBlockStart="400" paddingInline="400">
            <Banner tone="info" title="Demo store">
              <p>
                You are looking at Dokani with a sample store and made-up shoppers. Nothing here reaches a real Shopify store.
                The storefront is at <RemixPolarisLink url="/demo">/demo</RemixPolarisLink>.
              </p>
            </Banner>
          </Box>
          {children}
        </ToastProvider>
      </Frame>
    </AppProvider>
  );
}
