import {
  RoutableTabs,
  useAccess,
  useConfirmDialog,
  useRealm,
  ViewHeader,
} from "@keycloak/keycloak-admin-ui";
import { useAlerts, useFetch } from "@keycloak/keycloak-ui-shared";
import {
  ButtonVariant,
  DropdownItem,
  Label,
  PageSection,
  Tab,
  TabTitleText,
} from "@patternfly/react-core";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { Link, useHref, useNavigate, useParams } from "react-router-dom";
import { toAgentProvider } from "../agent-providers/routes";
import { canManageAgents } from "./access";
import { AgentEvents } from "./AgentEvents";
import { AgentForm } from "./AgentForm";
import { AgentGrants } from "./AgentGrants";
import { AgentKeys } from "./AgentKeys";
import { AgentStanding } from "./AgentStanding";
import { useAgentsApi } from "./api";
import type { AgentRepresentation } from "./api";
import { toAgent, toAgents } from "./routes";
import type { AgentTab } from "./routes";
import { StatusLabel } from "./StatusLabel";

// admin-ui exports RoutableTabs but not its useRoutableTab hook: this is that hook (a tab's key is its path)
const useRoutableTab = (path: string) => ({
  eventKey: path,
  href: useHref(path),
});

export default function AgentDetails() {
  const { t } = useTranslation();
  const { realm } = useRealm();
  const { id } = useParams<{ id: string; tab: AgentTab }>();
  const api = useAgentsApi();
  const navigate = useNavigate();
  const { addAlert, addError } = useAlerts();
  const canManage = canManageAgents(useAccess());
  const [agent, setAgent] = useState<AgentRepresentation>();
  const [key, setKey] = useState(0);
  const refresh = () => setKey((value) => value + 1);

  useFetch(() => api.get(id!), setAgent, [api, id, key]);

  const tab = (name: AgentTab) => toAgent(realm, id!, name);
  const detailsTab = useRoutableTab(tab("details"));
  const keysTab = useRoutableTab(tab("keys"));
  const standingTab = useRoutableTab(tab("standing"));
  const grantsTab = useRoutableTab(tab("grants"));
  const eventsTab = useRoutableTab(tab("events"));

  const act = async (
    action: () => Promise<unknown>,
    done: string,
  ): Promise<void> => {
    try {
      await action();
      addAlert(t(done));
      refresh();
    } catch (error) {
      addError("agentChangeError", error);
    }
  };

  const [toggleRevoke, RevokeDialog] = useConfirmDialog({
    titleKey: t("agentRevokeConfirmTitle", { name: agent?.name }),
    messageKey: "agentRevokeConfirm",
    continueButtonLabel: "agentRevoke",
    continueButtonVariant: ButtonVariant.danger,
    onConfirm: () =>
      void act(() => api.setStatus(id!, "revoke"), "agentRevoked"),
  });
  const [toggleDelete, DeleteDialog] = useConfirmDialog({
    titleKey: t("agentDeleteConfirmTitle", { name: agent?.name }),
    messageKey: "agentDeleteConfirm",
    continueButtonLabel: "agentDelete",
    continueButtonVariant: ButtonVariant.danger,
    onConfirm: async () => {
      try {
        await api.remove(id!);
        addAlert(t("agentDeleted"));
        void navigate(toAgents(realm));
      } catch (error) {
        addError("agentChangeError", error);
      }
    },
  });

  if (!agent) {
    return null;
  }

  const actions = [
    agent.status === "active" && (
      <DropdownItem
        key="suspend"
        data-testid="agent-suspend"
        onClick={() =>
          void act(() => api.setStatus(agent.id, "suspend"), "agentSuspended")
        }
      >
        {t("agentSuspend")}
      </DropdownItem>
    ),
    agent.status === "suspended" && (
      <DropdownItem
        key="activate"
        data-testid="agent-activate"
        onClick={() =>
          void act(() => api.setStatus(agent.id, "activate"), "agentActivated")
        }
      >
        {t("agentActivate")}
      </DropdownItem>
    ),
    agent.status !== "revoked" && (
      <DropdownItem
        key="revoke"
        data-testid="agent-revoke"
        onClick={toggleRevoke}
      >
        {t("agentRevoke")}
      </DropdownItem>
    ),
    <DropdownItem
      key="delete"
      data-testid="agent-delete"
      onClick={toggleDelete}
    >
      {t("agentDelete")}
    </DropdownItem>,
  ].filter((item) => item !== false);

  return (
    <>
      <RevokeDialog />
      <DeleteDialog />
      <ViewHeader
        titleKey={agent.name}
        noTranslate
        subKey={agent.description}
        badges={[
          { text: <StatusLabel kind="agent" status={agent.status} /> },
          ...(agent.provider
            ? [
                {
                  text: (
                    <Label
                      color="blue"
                      data-testid="agent-brokered"
                      data-provider={agent.provider}
                      render={({ className, content }) => (
                        <Link
                          to={toAgentProvider(realm, agent.provider!)}
                          className={className}
                        >
                          {content}
                        </Link>
                      )}
                    >
                      {t("agentBrokeredFrom", { provider: agent.provider })}
                    </Label>
                  ),
                },
              ]
            : []),
        ]}
        dropdownItems={canManage ? actions : undefined}
        divider={false}
      />
      <PageSection variant="light" padding={{ default: "noPadding" }}>
        <RoutableTabs mountOnEnter unmountOnExit>
          <Tab
            {...detailsTab}
            data-testid="tab-details"
            title={<TabTitleText>{t("agentDetails")}</TabTitleText>}
          >
            <PageSection variant="light">
              <AgentForm
                key={agent.updated}
                initial={agent}
                readOnly={!canManage}
                submitLabel={t("save")}
                onSubmit={async (input) => {
                  setAgent(await api.update(agent.id, input));
                  addAlert(t("agentSaved"));
                }}
              />
            </PageSection>
          </Tab>
          <Tab
            {...keysTab}
            data-testid="tab-keys"
            title={<TabTitleText>{t("agentKeys")}</TabTitleText>}
          >
            <AgentKeys agent={agent} canManage={canManage} onChange={refresh} />
          </Tab>
          <Tab
            {...standingTab}
            data-testid="tab-standing"
            title={<TabTitleText>{t("agentStanding")}</TabTitleText>}
          >
            <AgentStanding agentId={agent.id} />
          </Tab>
          <Tab
            {...grantsTab}
            data-testid="tab-grants"
            title={<TabTitleText>{t("agentGrants")}</TabTitleText>}
          >
            <AgentGrants agentId={agent.id} canManage={canManage} />
          </Tab>
          <Tab
            {...eventsTab}
            data-testid="tab-events"
            title={<TabTitleText>{t("agentEvents")}</TabTitleText>}
          >
            <AgentEvents agentId={agent.id} />
          </Tab>
        </RoutableTabs>
      </PageSection>
    </>
  );
}
