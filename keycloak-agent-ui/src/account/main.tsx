import "@patternfly/patternfly/patternfly-addons.css";
import "@patternfly/react-core/dist/styles/base.css";
// the package's stylesheet (its components' PatternFly CSS); not in its "exports", so imported by path
import "../../node_modules/@keycloak/keycloak-account-ui/lib/keycloak-account-ui.css";

import {
  Header,
  KeycloakProvider,
  PageNav,
  routes as accountRoutes,
} from "@keycloak/keycloak-account-ui";
import type { AccountEnvironment } from "@keycloak/keycloak-account-ui";
import { Page, Spinner } from "@patternfly/react-core";
import { StrictMode, Suspense } from "react";
import { createRoot } from "react-dom";
import { createBrowserRouter, Outlet, RouterProvider } from "react-router-dom";
import type { RouteObject } from "react-router-dom";
import { injectedEnvironment } from "../shared/environment";
import { createI18n } from "../shared/i18n";
import ConnectedAgents from "./ConnectedAgents";

// Keycloak's account console (the package's header, navigation from our content.json, and routes) plus the
// "Connected agents" page.
const environment = injectedEnvironment<AccountEnvironment>();
const i18n = createI18n(
  environment.serverBaseUrl,
  environment.realm,
  "account",
  environment.locale,
);

const Root = () => (
  <KeycloakProvider environment={environment}>
    <Page header={<Header />} sidebar={<PageNav />} isManagedSidebar>
      <Suspense fallback={<Spinner />}>
        <Outlet />
      </Suspense>
    </Page>
  </KeycloakProvider>
);

const rootRoute: RouteObject = {
  path: decodeURIComponent(new URL(environment.baseUrl).pathname),
  element: <Root />,
  children: [
    ...accountRoutes,
    { path: "connected-agents", element: <ConnectedAgents /> },
  ],
};

await i18n.init();
createRoot(document.getElementById("app")!).render(
  <StrictMode>
    <RouterProvider router={createBrowserRouter([rootRoute])} />
  </StrictMode>,
);
