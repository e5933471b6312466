import { useAccess, useRealm } from "@keycloak/keycloak-admin-ui";
import {
  Alert,
  Button,
  Flex,
  FlexItem,
  PageSection,
  Tab,
  Tabs,
  TabTitleText,
  Text,
  TextContent,
} from "@patternfly/react-core";
import { useCallback, useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { useNavigate, useParams } from "react-router-dom";
import { canManageAgents } from "./access";
import { AgentEvents } from "./AgentEvents";
import { AgentForm } from "./AgentForm";
import { AgentGrants } from "./AgentGrants";
import { AgentKeys } from "./AgentKeys";
import { AgentStanding } from "./AgentStanding";
import { useAgentsApi } from "./api";
import type { AgentRepresentation } from "./api";
import { ConfirmModal } from "./ConfirmModal";
import { toAgent, toAgents } from "./routes";
import type { AgentTab } from "./routes";
import { StatusLabel } from "./StatusLabel";

type Pending = "revoke" | "delete" | undefined;

export default function AgentDetails() {
  const { t } = useTranslation();
  const { realm } = useRealm();
  const { id, tab = "details" } = useParams<{ id: string; tab: AgentTab }>();
  const api = useAgentsApi();
  const navigate = useNavigate();
  const canManage = canManageAgents(useAccess());
  const [agent, setAgent] = useState<AgentRepresentation>();
  const [error, setError] = useState<string>();
  const [saved, setSaved] = useState(false);
  const [pending, setPending] = useState<Pending>();

  const reload = useCallback(() => {
    api
      .get(id!)
      .then(setAgent)
      .catch((e: Error) => setError(e.message));
  }, [api, id]);
  useEffect(reload, [reload]);

  const act = async (action: () => Promise<unknown>) => {
    try {
      await action();
      setError(undefined);
      reload();
    } catch (e) {
      setError((e as Error).message);
    }
  };

  if (!agent) {
    return error ? (
      <PageSection>
        <Alert variant="danger" isInline title={error} />
      </PageSection>
    ) : null;
  }

  return (
    <>
      <PageSection variant="light">
        <Flex>
          <FlexItem>
            <TextContent>
              <Text component="h1" data-testid="agent-title">
                {agent.name}
              </Text>
            </TextContent>
          </FlexItem>
          <FlexItem>
            <StatusLabel kind="agent" status={agent.status} />
          </FlexItem>
          {canManage && (
            <FlexItem
              align={{ default: "alignRight" }}
              data-testid="agent-actions"
            >
              {agent.status === "ACTIVE" && (
                <Button
                  variant="secondary"
                  data-testid="agent-suspend"
                  onClick={() => act(() => api.setStatus(agent.id, "suspend"))}
                >
                  {t("agentSuspend")}
                </Button>
              )}{" "}
              {agent.status === "SUSPENDED" && (
                <Button
                  variant="secondary"
                  data-testid="agent-activate"
                  onClick={() => act(() => api.setStatus(agent.id, "activate"))}
                >
                  {t("agentActivate")}
                </Button>
              )}{" "}
              {agent.status !== "REVOKED" && (
                <Button
                  variant="danger"
                  data-testid="agent-revoke"
                  onClick={() => setPending("revoke")}
                >
                  {t("agentRevoke")}
                </Button>
              )}{" "}
              <Button
                variant="link"
                isDanger
                data-testid="agent-delete"
                onClick={() => setPending("delete")}
              >
                {t("agentDelete")}
              </Button>
            </FlexItem>
          )}
        </Flex>
        {agent.description && <Text component="p">{agent.description}</Text>}
      </PageSection>
      {error && (
        <PageSection variant="light" padding={{ default: "noPadding" }}>
          <Alert
            variant="danger"
            isInline
            title={error}
            data-testid="agent-error"
          />
        </PageSection>
      )}
      <PageSection variant="light" padding={{ default: "noPadding" }}>
        <Tabs
          activeKey={tab}
          onSelect={(_event, key) =>
            navigate(toAgent(realm, agent.id, key as AgentTab))
          }
          mountOnEnter
          unmountOnExit
        >
          <Tab
            eventKey="details"
            data-testid="tab-details"
            title={<TabTitleText>{t("agentDetails")}</TabTitleText>}
          >
            <PageSection variant="light">
              {saved && (
                <Alert
                  variant="success"
                  isInline
                  title={t("agentSaved")}
                  data-testid="agent-saved"
                />
              )}
              <AgentForm
                key={agent.updated}
                initial={agent}
                readOnly={!canManage}
                submitLabel={t("save")}
                onSubmit={async (input) => {
                  setSaved(false);
                  setAgent(await api.update(agent.id, input));
                  setSaved(true);
                }}
              />
            </PageSection>
          </Tab>
          <Tab
            eventKey="keys"
            data-testid="tab-keys"
            title={<TabTitleText>{t("agentKeys")}</TabTitleText>}
          >
            <AgentKeys agent={agent} canManage={canManage} onChange={reload} />
          </Tab>
          <Tab
            eventKey="standing"
            data-testid="tab-standing"
            title={<TabTitleText>{t("agentStanding")}</TabTitleText>}
          >
            <AgentStanding agentId={agent.id} />
          </Tab>
          <Tab
            eventKey="grants"
            data-testid="tab-grants"
            title={<TabTitleText>{t("agentGrants")}</TabTitleText>}
          >
            <AgentGrants agentId={agent.id} canManage={canManage} />
          </Tab>
          <Tab
            eventKey="events"
            data-testid="tab-events"
            title={<TabTitleText>{t("agentEvents")}</TabTitleText>}
          >
            <AgentEvents agentId={agent.id} />
          </Tab>
        </Tabs>
      </PageSection>
      {pending === "revoke" && (
        <ConfirmModal
          danger
          title={t("agentRevokeConfirmTitle", { name: agent.name })}
          confirmLabel={t("agentRevoke")}
          onClose={() => setPending(undefined)}
          onConfirm={() => act(() => api.setStatus(agent.id, "revoke"))}
        >
          {t("agentRevokeConfirm")}
        </ConfirmModal>
      )}
      {pending === "delete" && (
        <ConfirmModal
          danger
          title={t("agentDeleteConfirmTitle", { name: agent.name })}
          confirmLabel={t("agentDelete")}
          onClose={() => setPending(undefined)}
          onConfirm={() =>
            api
              .remove(agent.id)
              .then(() => navigate(toAgents(realm)))
              .catch((e: Error) => setError(e.message))
          }
        >
          {t("agentDeleteConfirm")}
        </ConfirmModal>
      )}
    </>
  );
}
