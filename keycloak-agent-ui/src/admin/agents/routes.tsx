import { ErrorRenderer } from "@keycloak/keycloak-admin-ui";
import {
  AlertProvider,
  ErrorBoundaryFallback,
  ErrorBoundaryProvider,
} from "@keycloak/keycloak-ui-shared";
import { lazy } from "react";
import { Outlet, useLocation, useParams } from "react-router-dom";
import type { RouteObject } from "react-router-dom";

const AgentsSection = lazy(() => import("./AgentsSection"));
const CreateAgent = lazy(() => import("./CreateAgent"));
const AgentDetails = lazy(() => import("./AgentDetails"));

// handle.access is what Keycloak's AuthWall checks before rendering a route: a function is allowed there
// ({hasAny}), which lets the realm-wide roles count as the REST does.
export const viewAgents = {
  access: ({ hasAny }: { hasAny: (...roles: string[]) => boolean }) =>
    hasAny("view-agents", "manage-agents", "view-realm", "manage-realm"),
};
export const manageAgents = {
  access: ({ hasAny }: { hasAny: (...roles: string[]) => boolean }) =>
    hasAny("manage-agents", "manage-realm"),
};

export type AgentTab = "details" | "keys" | "standing" | "grants" | "events";

export const toAgents = (realm: string) =>
  `/${encodeURIComponent(realm)}/agents`;
export const toCreateAgent = (realm: string) =>
  `/${encodeURIComponent(realm)}/agents/new`;
export const toAgent = (realm: string, id: string, tab: AgentTab = "details") =>
  `/${encodeURIComponent(realm)}/agents/${id}/${tab}`;

/**
 * The providers KeycloakDataTable, useFetch and useAlerts of @keycloak/keycloak-ui-shared read. The admin-ui
 * package bundles its own copy of ui-shared (its contexts are not the ones the ui-shared package exports), so
 * Keycloak's App does not provide them to our pages: this layout does, with admin-ui's error page as fallback.
 * A failed load shows that page until the user goes to another page (another agent or provider, the list, the
 * create form): the boundary is keyed by it, while alerts outlive the navigation ("Agent created" on the new
 * agent's page). The Agent providers pages use it too.
 */
export const AgentsLayout = () => {
  const { id, alias } = useParams();
  const { pathname } = useLocation();
  return (
    <AlertProvider>
      <ErrorBoundaryProvider key={id ?? alias ?? pathname}>
        <ErrorBoundaryFallback fallback={ErrorRenderer}>
          <Outlet />
        </ErrorBoundaryFallback>
      </ErrorBoundaryProvider>
    </AlertProvider>
  );
};

export const agentRoutes: RouteObject[] = [
  {
    element: <AgentsLayout />,
    children: [
      {
        path: "/:realm/agents",
        element: <AgentsSection />,
        handle: viewAgents,
      },
      {
        path: "/:realm/agents/new",
        element: <CreateAgent />,
        handle: manageAgents,
      },
      {
        path: "/:realm/agents/:id/:tab",
        element: <AgentDetails />,
        handle: viewAgents,
      },
    ],
  },
];
