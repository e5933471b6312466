import { useAccess, useRealm, ViewHeader } from "@keycloak/keycloak-admin-ui";
import {
  KeycloakDataTable,
  ListEmptyState,
} from "@keycloak/keycloak-ui-shared";
import {
  Button,
  FormSelect,
  FormSelectOption,
  PageSection,
  ToolbarItem,
} from "@patternfly/react-core";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { Link, useNavigate } from "react-router-dom";
import { activeKeyCount, formatTime } from "../../shared/format";
import { toAgentProvider } from "../agent-providers/routes";
import { canManageAgents } from "./access";
import { useAgentsApi } from "./api";
import type { AgentRepresentation } from "./api";
import { toAgent, toCreateAgent } from "./routes";
import { StatusLabel } from "./StatusLabel";

const STATUSES = ["ACTIVE", "SUSPENDED", "REVOKED"];

const AgentLink = (agent: AgentRepresentation) => {
  const { realm } = useRealm();
  return (
    <Link
      to={toAgent(realm, agent.id)}
      data-testid="agent-link"
      data-agent-id={agent.id}
    >
      {agent.name}
    </Link>
  );
};

// a brokered agent links to its provider; an agent registered here says so
const Provider = (agent: AgentRepresentation) => {
  const { t } = useTranslation();
  const { realm } = useRealm();
  return agent.provider ? (
    <Link
      to={toAgentProvider(realm, agent.provider)}
      data-testid="agent-provider"
      data-provider={agent.provider}
    >
      {agent.provider}
    </Link>
  ) : (
    <span data-testid="agent-provider">{t("agentRegisteredHere")}</span>
  );
};

const AgentStatus = (agent: AgentRepresentation) => (
  <StatusLabel kind="agent" status={agent.status} />
);

const ActiveKeys = (agent: AgentRepresentation) => (
  <span data-testid="agent-active-keys">{activeKeyCount(agent.keys)}</span>
);

const Created = (agent: AgentRepresentation) => {
  const { i18n } = useTranslation();
  return formatTime(agent.created, i18n.language);
};

export default function AgentsSection() {
  const { t } = useTranslation();
  const { realm } = useRealm();
  const api = useAgentsApi();
  const navigate = useNavigate();
  const canManage = canManageAgents(useAccess());
  const [status, setStatus] = useState("");

  // server side: ?first, ?max (KeycloakDataTable asks one more to know if there is a next page), ?search, ?status
  const loader = (first?: number, max?: number, search?: string) =>
    api.list({
      first: first ?? 0,
      max: max ?? 11,
      search: search || undefined,
      status: status || undefined,
    });
  const create = () => void navigate(toCreateAgent(realm));

  return (
    <>
      <ViewHeader titleKey="agents" subKey="agentsExplain" />
      <PageSection variant="light" padding={{ default: "noPadding" }}>
        <KeycloakDataTable
          // the status filter is the loader's signal: a new status loads again and keeps the search
          loader={{ signal: status, loader }}
          isPaginated
          isSearching={status !== ""}
          ariaLabelKey="agents"
          searchPlaceholderKey="agentsSearch"
          data-testid="agents-table"
          toolbarItem={
            <>
              <ToolbarItem>
                <FormSelect
                  data-testid="agents-status-filter"
                  aria-label={t("agentStatusColumn")}
                  value={status}
                  onChange={(_event, value) => setStatus(value)}
                >
                  <FormSelectOption value="" label={t("agentsAllStatuses")} />
                  {STATUSES.map((value) => (
                    <FormSelectOption
                      key={value}
                      value={value}
                      label={t(`agentStatus.${value}`)}
                    />
                  ))}
                </FormSelect>
              </ToolbarItem>
              {canManage && (
                <ToolbarItem>
                  <Button data-testid="agents-create" onClick={create}>
                    {t("agentCreate")}
                  </Button>
                </ToolbarItem>
              )}
            </>
          }
          columns={[
            { name: "name", displayKey: "agentName", cellRenderer: AgentLink },
            { name: "operator", displayKey: "agentOperator" },
            {
              name: "provider",
              displayKey: "agentProvider",
              cellRenderer: Provider,
            },
            {
              name: "status",
              displayKey: "agentStatusColumn",
              cellRenderer: AgentStatus,
            },
            {
              name: "keys",
              displayKey: "agentActiveKeys",
              cellRenderer: ActiveKeys,
            },
            {
              name: "created",
              displayKey: "agentCreated",
              cellRenderer: Created,
            },
          ]}
          emptyState={
            // the create action stays on the page when the realm has no agent yet
            <ListEmptyState
              message={t("agentsEmpty")}
              instructions={t("agentsEmptyInstructions")}
              primaryActionText={canManage ? t("agentCreate") : undefined}
              onPrimaryAction={create}
            />
          }
        />
      </PageSection>
    </>
  );
}
