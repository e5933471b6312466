import { lazy } from "react";
import type { RouteObject } from "react-router-dom";

const AgentsSection = lazy(() => import("./AgentsSection"));
const CreateAgent = lazy(() => import("./CreateAgent"));
const AgentDetails = lazy(() => import("./AgentDetails"));

// handle.access is what Keycloak's AuthWall checks before rendering a route: a function is allowed there
// ({hasAny}), which lets the realm-wide roles count as the REST does.
const viewAgents = {
  access: ({ hasAny }: { hasAny: (...roles: string[]) => boolean }) =>
    hasAny("view-agents", "manage-agents", "view-realm", "manage-realm"),
};
const manageAgents = {
  access: ({ hasAny }: { hasAny: (...roles: string[]) => boolean }) =>
    hasAny("manage-agents", "manage-realm"),
};

export type AgentTab = "details" | "keys" | "standing" | "grants" | "events";

export const toAgents = (realm: string) =>
  `/${encodeURIComponent(realm)}/agents`;
export const toAgent = (realm: string, id: string, tab: AgentTab = "details") =>
  `/${encodeURIComponent(realm)}/agents/${id}/${tab}`;

export const agentRoutes: RouteObject[] = [
  { path: "/:realm/agents", element: <AgentsSection />, handle: viewAgents },
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
];
