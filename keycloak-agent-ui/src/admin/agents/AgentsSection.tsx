import { useAccess, useRealm } from "@keycloak/keycloak-admin-ui";
import {
  Alert,
  Button,
  EmptyState,
  EmptyStateBody,
  EmptyStateHeader,
  FormSelect,
  FormSelectOption,
  PageSection,
  Pagination,
  SearchInput,
  Text,
  TextContent,
  Toolbar,
  ToolbarContent,
  ToolbarItem,
} from "@patternfly/react-core";
import { Table, Tbody, Td, Th, Thead, Tr } from "@patternfly/react-table";
import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { Link, useNavigate } from "react-router-dom";
import { activeKeyCount, formatTime } from "../../shared/format";
import { canManageAgents } from "./access";
import { useAgentsApi } from "./api";
import type { AgentRepresentation } from "./api";
import { toAgent } from "./routes";
import { StatusLabel } from "./StatusLabel";

export default function AgentsSection() {
  const { t, i18n } = useTranslation();
  const { realm } = useRealm();
  const api = useAgentsApi();
  const navigate = useNavigate();
  const canManage = canManageAgents(useAccess());
  const [search, setSearch] = useState("");
  const [appliedSearch, setAppliedSearch] = useState("");
  const [status, setStatus] = useState("");
  const [page, setPage] = useState(1);
  const [perPage, setPerPage] = useState(10);
  const [agents, setAgents] = useState<AgentRepresentation[]>();
  const [hasMore, setHasMore] = useState(false);
  const [error, setError] = useState<string>();

  useEffect(() => {
    let cancelled = false;
    // one more than a page tells whether there is a next page, as Keycloak's own tables do
    api
      .list({
        first: (page - 1) * perPage,
        max: perPage + 1,
        search: appliedSearch || undefined,
        status: status || undefined,
      })
      .then((result) => {
        if (cancelled) return;
        setHasMore(result.length > perPage);
        setAgents(result.slice(0, perPage));
        setError(undefined);
      })
      .catch((e: Error) => !cancelled && setError(e.message));
    return () => {
      cancelled = true;
    };
  }, [api, page, perPage, appliedSearch, status]);

  return (
    <>
      <PageSection variant="light">
        <TextContent>
          <Text component="h1" data-testid="agents-title">
            {t("agents")}
          </Text>
          <Text component="p">{t("agentsExplain")}</Text>
        </TextContent>
      </PageSection>
      <PageSection variant="light" padding={{ default: "noPadding" }}>
        <Toolbar>
          <ToolbarContent>
            <ToolbarItem>
              <SearchInput
                data-testid="agents-search"
                placeholder={t("agentsSearch")}
                value={search}
                onChange={(_event, value) => setSearch(value)}
                onSearch={(_event, value) => {
                  setPage(1);
                  setAppliedSearch(value);
                }}
                onClear={() => {
                  setSearch("");
                  setPage(1);
                  setAppliedSearch("");
                }}
              />
            </ToolbarItem>
            <ToolbarItem>
              <FormSelect
                data-testid="agents-status-filter"
                aria-label={t("agentStatusColumn")}
                value={status}
                onChange={(_event, value) => {
                  setPage(1);
                  setStatus(value);
                }}
              >
                <FormSelectOption value="" label={t("agentsAllStatuses")} />
                {["ACTIVE", "SUSPENDED", "REVOKED"].map((value) => (
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
                <Button
                  data-testid="agents-create"
                  onClick={() =>
                    navigate(`/${encodeURIComponent(realm)}/agents/new`)
                  }
                >
                  {t("agentCreate")}
                </Button>
              </ToolbarItem>
            )}
            <ToolbarItem variant="pagination" align={{ default: "alignRight" }}>
              <Pagination
                isCompact
                // the REST API does not count; one page ahead is known
                itemCount={
                  (page - 1) * perPage +
                  (agents?.length ?? 0) +
                  (hasMore ? 1 : 0)
                }
                page={page}
                perPage={perPage}
                onSetPage={(_event, value) => setPage(value)}
                onPerPageSelect={(_event, value) => {
                  setPage(1);
                  setPerPage(value);
                }}
                toggleTemplate={({ firstIndex, lastIndex }) => (
                  <b>
                    {firstIndex} - {lastIndex}
                  </b>
                )}
              />
            </ToolbarItem>
          </ToolbarContent>
        </Toolbar>
        {error && (
          <Alert
            variant="danger"
            isInline
            title={error}
            data-testid="agents-error"
          />
        )}
        {agents?.length === 0 ? (
          <EmptyState data-testid="agents-empty">
            <EmptyStateHeader titleText={t("agentsEmpty")} headingLevel="h2" />
            <EmptyStateBody>{t("agentsEmptyInstructions")}</EmptyStateBody>
          </EmptyState>
        ) : (
          <Table
            aria-label={t("agents")}
            data-testid="agents-table"
            variant="compact"
          >
            <Thead>
              <Tr>
                <Th>{t("agentName")}</Th>
                <Th>{t("agentOperator")}</Th>
                <Th>{t("agentStatusColumn")}</Th>
                <Th>{t("agentActiveKeys")}</Th>
                <Th>{t("agentCreated")}</Th>
              </Tr>
            </Thead>
            <Tbody>
              {(agents ?? []).map((agent) => (
                <Tr
                  key={agent.id}
                  data-testid="agent-row"
                  data-agent-id={agent.id}
                >
                  <Td dataLabel={t("agentName")}>
                    <Link
                      to={toAgent(realm, agent.id)}
                      data-testid="agent-link"
                    >
                      {agent.name}
                    </Link>
                  </Td>
                  <Td dataLabel={t("agentOperator")}>
                    {agent.operator ?? "—"}
                  </Td>
                  <Td dataLabel={t("agentStatusColumn")}>
                    <StatusLabel kind="agent" status={agent.status} />
                  </Td>
                  <Td
                    dataLabel={t("agentActiveKeys")}
                    data-testid="agent-active-keys"
                  >
                    {activeKeyCount(agent.keys)}
                  </Td>
                  <Td dataLabel={t("agentCreated")}>
                    {formatTime(agent.created, i18n.language)}
                  </Td>
                </Tr>
              ))}
            </Tbody>
          </Table>
        )}
      </PageSection>
    </>
  );
}
