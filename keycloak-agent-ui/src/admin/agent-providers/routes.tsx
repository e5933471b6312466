import { lazy } from "react";
import type { RouteObject } from "react-router-dom";
import { AgentsLayout, manageAgents, viewAgents } from "../agents/routes";

const AgentProvidersSection = lazy(() => import("./AgentProvidersSection"));
const AddAgentProvider = lazy(() => import("./AddAgentProvider"));
const AgentProviderDetails = lazy(() => import("./AgentProviderDetails"));

export const toAgentProviders = (realm: string) =>
  `/${encodeURIComponent(realm)}/agent-providers`;
export const toAddAgentProvider = (realm: string) =>
  `/${encodeURIComponent(realm)}/agent-providers/new`;
// "/details" keeps a provider's page apart from "/new" (an alias may be "new")
export const toAgentProvider = (realm: string, alias: string) =>
  `/${encodeURIComponent(realm)}/agent-providers/${encodeURIComponent(alias)}/details`;

// the same roles as the REST: view-agents (or view-realm) reads, manage-agents (or manage-realm) changes
export const agentProviderRoutes: RouteObject[] = [
  {
    element: <AgentsLayout />,
    children: [
      {
        path: "/:realm/agent-providers",
        element: <AgentProvidersSection />,
        handle: viewAgents,
      },
      {
        path: "/:realm/agent-providers/new",
        element: <AddAgentProvider />,
        handle: manageAgents,
      },
      {
        path: "/:realm/agent-providers/:alias/details",
        element: <AgentProviderDetails />,
        handle: viewAgents,
      },
    ],
  },
];
