import {
  useAdminClient,
  useEnvironment,
  useRealm,
} from "@keycloak/keycloak-admin-ui";
import type { AdminEnvironment } from "@keycloak/keycloak-admin-ui";
import { useMemo } from "react";
import type { AgentKeyRepresentation } from "../../shared/format";
import type { GrantRepresentation } from "../../shared/grants";
import { callJson } from "../../shared/http";

export type AgentRepresentation = {
  id: string;
  name: string;
  description?: string;
  operator?: string;
  status: string;
  allowed_networks: string[];
  created: number;
  updated: number;
  keys: AgentKeyRepresentation[];
  /** The alias of the agent provider a brokered agent comes from; absent for an agent registered here. */
  provider?: string;
};

export type AgentInput = {
  name: string;
  description?: string;
  operator?: string;
  allowed_networks?: string[];
};

export type { GrantRepresentation };

/** One merchant's latest report about the agent (the signal receiver's standing). */
export type StandingReport = {
  merchant: string;
  level: string;
  event: string;
  reason?: string;
  kid?: string;
  reported_at: number;
  last_high_at?: number;
};

export type StandingRepresentation = {
  agent_id: string;
  level: string | null;
  reports: StandingReport[];
};

export type AdminEventRepresentation = {
  time: number;
  operationType: string;
  resourceType: string;
  resourcePath: string;
  authDetails?: { userId?: string; realmId?: string };
};

/**
 * The realm's admin REST base (/admin/realms/{realm}) and JSON calls with the console's token: what the pages'
 * API hooks build on.
 */
export function useRealmAdminRest() {
  const { adminClient } = useAdminClient();
  const { environment } = useEnvironment<AdminEnvironment>();
  const { realm } = useRealm();

  return useMemo(() => {
    const base = `${environment.adminBaseUrl || environment.serverBaseUrl}/admin/realms/${encodeURIComponent(realm)}`;
    const call = async <T>(url: string, init?: RequestInit) =>
      callJson<T>(url, (await adminClient.getAccessToken())!, init);
    const post = <T>(url: string, body?: unknown) =>
      call<T>(url, {
        method: "POST",
        body: body === undefined ? undefined : JSON.stringify(body),
      });
    return { base, call, post };
  }, [adminClient, environment, realm]);
}

/** The existing admin REST of the extension (/admin/realms/{realm}/agents), with the console's token. */
export function useAgentsApi() {
  const { base, call, post } = useRealmAdminRest();

  return useMemo(() => {
    const agents = `${base}/agents`;

    return {
      list: (params: {
        first: number;
        max: number;
        search?: string;
        status?: string;
      }) => {
        const query = new URLSearchParams({
          first: String(params.first),
          max: String(params.max),
        });
        if (params.search) query.set("search", params.search);
        if (params.status) query.set("status", params.status);
        return call<AgentRepresentation[]>(`${agents}?${query}`);
      },
      get: (id: string) => call<AgentRepresentation>(`${agents}/${id}`),
      create: (input: AgentInput) => post<AgentRepresentation>(agents, input),
      update: (id: string, input: AgentInput) =>
        call<AgentRepresentation>(`${agents}/${id}`, {
          method: "PUT",
          body: JSON.stringify(input),
        }),
      remove: (id: string) =>
        call<void>(`${agents}/${id}`, { method: "DELETE" }),
      setStatus: (id: string, action: "suspend" | "activate" | "revoke") =>
        post<AgentRepresentation>(`${agents}/${id}/${action}`),
      addKey: (id: string, jwk: unknown) =>
        post<AgentKeyRepresentation>(`${agents}/${id}/keys`, { jwk }),
      retireKey: (id: string, kid: string) =>
        post<AgentKeyRepresentation>(`${agents}/${id}/keys/${kid}/retire`),
      revokeKey: (id: string, kid: string) =>
        post<AgentKeyRepresentation>(`${agents}/${id}/keys/${kid}/revoke`),
      standing: (id: string) =>
        call<StandingRepresentation>(`${agents}/${id}/standing`),
      grants: (agentId: string) =>
        call<GrantRepresentation[]>(
          `${agents}/grants?agent=${encodeURIComponent(agentId)}`,
        ),
      revokeGrant: (grantId: string) =>
        call<void>(`${agents}/grants/${grantId}`, { method: "DELETE" }),
      events: (agentId: string) =>
        call<AdminEventRepresentation[]>(
          `${base}/admin-events?resourcePath=${encodeURIComponent(`agents/${agentId}*`)}&max=100`,
        ),
    };
  }, [base, call, post]);
}
