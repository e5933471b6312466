import {
  Page,
  useAccountAlerts,
  useEnvironment,
} from "@keycloak/keycloak-account-ui";
import type { AccountEnvironment } from "@keycloak/keycloak-account-ui";
import {
  Button,
  Card,
  CardBody,
  CardHeader,
  CardTitle,
  DescriptionList,
  DescriptionListDescription,
  DescriptionListGroup,
  DescriptionListTerm,
  EmptyState,
  EmptyStateBody,
  EmptyStateHeader,
  Label,
  Modal,
  ModalVariant,
  Stack,
  StackItem,
} from "@patternfly/react-core";
import { useCallback, useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import {
  describeLimits,
  fill,
  formatTime,
  isActive,
  scopeKey,
  statusColor,
  statusKey,
} from "../shared/format";
import type { GrantRepresentation } from "../shared/grants";
import { callJson } from "../shared/http";

/** The consumer's endpoint adds a summary of the agent to each grant. */
type ConnectedAgent = GrantRepresentation & {
  agent?: { name: string; operator?: string; status: string; keys: string[] };
};

/** The consumer's grants to agents (GET/DELETE /realms/{realm}/agents/grants), with the user's own token. */
export default function ConnectedAgents() {
  const { t, i18n } = useTranslation();
  const { keycloak, environment } = useEnvironment<AccountEnvironment>();
  const { addAlert, addError } = useAccountAlerts();
  const [grants, setGrants] = useState<ConnectedAgent[]>();
  const [revoking, setRevoking] = useState<ConnectedAgent>();
  const url = `${environment.serverBaseUrl}/realms/${encodeURIComponent(environment.realm)}/agents/grants`;

  const token = useCallback(async () => {
    await keycloak.updateToken(5);
    return keycloak.token!;
  }, [keycloak]);

  const reload = useCallback(() => {
    token()
      .then((value) => callJson<ConnectedAgent[]>(url, value))
      .then((list) => setGrants(list.sort((a, b) => b.created - a.created)))
      .catch((e: Error) => addError("connectedAgentsLoadError", e));
  }, [token, url, addError]);
  useEffect(reload, [reload]);

  const revoke = async (grant: ConnectedAgent) => {
    try {
      await callJson<void>(`${url}/${grant.id}`, await token(), {
        method: "DELETE",
      });
      addAlert(t("connectedAgentRevoked"));
      reload();
    } catch (e) {
      addError("connectedAgentRevokeError", e);
    }
  };

  const nameOf = (grant: ConnectedAgent) => grant.agent?.name ?? grant.agent_id;
  const term = (label: string, value: React.ReactNode, testid?: string) => (
    <DescriptionListGroup>
      <DescriptionListTerm>{label}</DescriptionListTerm>
      <DescriptionListDescription data-testid={testid}>
        {value}
      </DescriptionListDescription>
    </DescriptionListGroup>
  );

  return (
    <Page
      title={t("connectedAgents")}
      description={t("connectedAgentsDescription")}
    >
      {grants?.length === 0 && (
        <EmptyState data-testid="connected-agents-empty">
          <EmptyStateHeader
            titleText={t("connectedAgentsEmpty")}
            headingLevel="h2"
          />
          <EmptyStateBody>
            {t("connectedAgentsEmptyInstructions")}
          </EmptyStateBody>
        </EmptyState>
      )}
      <Stack hasGutter>
        {(grants ?? []).map((grant) => (
          <StackItem key={grant.id}>
            <Card
              data-testid="connected-agent"
              data-grant-id={grant.id}
              data-status={grant.status.toUpperCase()}
            >
              <CardHeader
                actions={{
                  actions: isActive(grant.status) ? (
                    <Button
                      variant="danger"
                      data-testid="connected-agent-revoke"
                      onClick={() => setRevoking(grant)}
                    >
                      {t("connectedAgentRevoke")}
                    </Button>
                  ) : undefined,
                  hasNoOffset: false,
                }}
              >
                <CardTitle data-testid="connected-agent-name">
                  {nameOf(grant)}{" "}
                  <Label
                    color={statusColor(grant.status)}
                    data-testid="connected-agent-status"
                  >
                    {t(statusKey("grant", grant.status), {
                      defaultValue: grant.status,
                    })}
                  </Label>
                </CardTitle>
              </CardHeader>
              <CardBody>
                <DescriptionList isHorizontal isCompact>
                  {term(
                    t("connectedAgentOperator"),
                    grant.agent?.operator ?? grant.client_id,
                    "connected-agent-operator",
                  )}
                  {term(
                    t("connectedAgentKey"),
                    (grant.agent?.keys ?? []).map((kid) => (
                      <code key={kid} className="pf-v5-u-display-block">
                        {kid}
                      </code>
                    )),
                    "connected-agent-key",
                  )}
                  {term(
                    t("connectedAgentScopes"),
                    <ul className="pf-v5-c-list">
                      {grant.scopes.map((scope) => (
                        <li key={scope}>
                          {t(scopeKey(scope), { defaultValue: scope })}
                        </li>
                      ))}
                    </ul>,
                    "connected-agent-scopes",
                  )}
                  {term(
                    t("connectedAgentLimits"),
                    <ul className="pf-v5-c-list">
                      {describeLimits(
                        grant.authorization_details,
                        i18n.language,
                      ).map((line) => (
                        <li key={line.key}>
                          {fill(
                            t(line.key),
                            line.params.map((p) =>
                              p.startsWith("agentConsentPeriod.") ? t(p) : p,
                            ),
                          )}
                          {line.list ? ` ${line.list}` : ""}
                        </li>
                      ))}
                    </ul>,
                    "connected-agent-limits",
                  )}
                  {grant.authorization_details?.some((d) => d.budget) &&
                    term(
                      t("connectedAgentBudgetUsed"),
                      t("connectedAgentBudgetUnknown"),
                    )}
                  {term(
                    t("connectedAgentCreated"),
                    formatTime(grant.created, i18n.language),
                  )}
                  {term(
                    t("connectedAgentExpires"),
                    formatTime(grant.expires, i18n.language),
                    "connected-agent-expires",
                  )}
                </DescriptionList>
              </CardBody>
            </Card>
          </StackItem>
        ))}
      </Stack>
      {revoking && (
        <Modal
          variant={ModalVariant.small}
          title={t("connectedAgentRevokeTitle", { name: nameOf(revoking) })}
          titleIconVariant="warning"
          isOpen
          onClose={() => setRevoking(undefined)}
          actions={[
            <Button
              key="confirm"
              variant="danger"
              data-testid="confirm"
              onClick={() => {
                void revoke(revoking);
                setRevoking(undefined);
              }}
            >
              {t("connectedAgentRevoke")}
            </Button>,
            <Button
              key="cancel"
              variant="link"
              data-testid="cancel"
              onClick={() => setRevoking(undefined)}
            >
              {t("cancel")}
            </Button>,
          ]}
        >
          {t("connectedAgentRevokeConfirm")}
        </Modal>
      )}
    </Page>
  );
}
