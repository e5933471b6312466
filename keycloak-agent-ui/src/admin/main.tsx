import "@patternfly/patternfly/patternfly-addons.css";
import "@patternfly/react-core/dist/styles/base.css";
import "@keycloak/keycloak-admin-ui/styles.css";

import {
  AdminUi,
  KeycloakProvider,
  routes as adminRoutes,
} from "@keycloak/keycloak-admin-ui";
import type { AdminEnvironment } from "@keycloak/keycloak-admin-ui";
import { StrictMode } from "react";
import { createRoot } from "react-dom";
import { createHashRouter, Outlet, RouterProvider } from "react-router-dom";
import type { RouteObject } from "react-router-dom";
import { injectedEnvironment } from "../shared/environment";
import { createI18n } from "../shared/i18n";
import { agentProviderRoutes } from "./agent-providers/routes";
import { AgentsNavItem } from "./AgentsNavItem";
import { agentRoutes } from "./agents/routes";

// Keycloak's own admin console (the package's App, routes and navigation) plus the Agents and Agent providers
// sections: our routes go in front of Keycloak's catch-all "not found" route, and AgentsNavItem adds their
// entries to the Manage group.
const environment = injectedEnvironment<AdminEnvironment>();
const i18n = createI18n(environment.serverBaseUrl, environment.realm, "admin");

const notFound = adminRoutes.filter((route) => route.path === "*");
const keycloakRoutes = adminRoutes.filter((route) => route.path !== "*");

const Root = () => (
  <KeycloakProvider environment={environment}>
    <AdminUi />
  </KeycloakProvider>
);

const WithAgentsNav = () => (
  <>
    <AgentsNavItem />
    <Outlet />
  </>
);

const rootRoute: RouteObject = {
  path: "/",
  element: <Root />,
  children: [
    {
      element: <WithAgentsNav />,
      handle: { access: "anyone" },
      children: [
        ...keycloakRoutes,
        ...agentRoutes,
        ...agentProviderRoutes,
        ...notFound,
      ] as RouteObject[],
    },
  ],
};

await i18n.init();
createRoot(document.getElementById("app")!).render(
  <StrictMode>
    <RouterProvider router={createHashRouter([rootRoute])} />
  </StrictMode>,
);
