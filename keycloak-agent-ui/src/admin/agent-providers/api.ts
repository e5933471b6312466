import { useMemo } from "react";
import { useRealmAdminRest } from "../agents/api";
import type {
  AgentProviderInput,
  AgentProviderRepresentation,
  RefreshResult,
} from "./providers";

/** The admin REST of agent providers (/admin/realms/{realm}/agent-providers), with the console's token. */
export function useAgentProvidersApi() {
  const { base, call, post } = useRealmAdminRest();

  return useMemo(() => {
    const providers = `${base}/agent-providers`;
    const one = (alias: string) => `${providers}/${encodeURIComponent(alias)}`;
    return {
      list: () => call<AgentProviderRepresentation[]>(providers),
      get: (alias: string) => call<AgentProviderRepresentation>(one(alias)),
      create: (input: AgentProviderInput) =>
        post<AgentProviderRepresentation>(providers, input),
      update: (alias: string, input: AgentProviderInput) =>
        call<AgentProviderRepresentation>(one(alias), {
          method: "PUT",
          body: JSON.stringify(input),
        }),
      remove: (alias: string) => call<void>(one(alias), { method: "DELETE" }),
      refresh: (alias: string) => post<RefreshResult>(`${one(alias)}/refresh`),
    };
  }, [base, call, post]);
}
