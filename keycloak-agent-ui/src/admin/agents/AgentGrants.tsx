import { useConfirmDialog } from "@keycloak/keycloak-admin-ui";
import {
  KeycloakDataTable,
  ListEmptyState,
  useAlerts,
} from "@keycloak/keycloak-ui-shared";
import { ButtonVariant, PageSection } from "@patternfly/react-core";
import { fitContent, wrappable } from "@patternfly/react-table";
import type { IAction } from "@patternfly/react-table";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { formatTime, isActive, scopeKey } from "../../shared/format";
import { useAgentsApi } from "./api";
import type { GrantRepresentation } from "./api";
import { LimitsList } from "./LimitsList";
import { StatusLabel } from "./StatusLabel";

const Consumer = (grant: GrantRepresentation) => (
  <span data-testid="grant-consumer" data-grant-id={grant.id}>
    {grant.username ?? grant.user_id}
  </span>
);

const Scopes = (grant: GrantRepresentation) => {
  const { t } = useTranslation();
  return grant.scopes
    .map((scope) => t(scopeKey(scope), { defaultValue: scope }))
    .join("; ");
};

const Limits = (grant: GrantRepresentation) => (
  <LimitsList details={grant.authorization_details} />
);

const Expires = (grant: GrantRepresentation) => {
  const { i18n } = useTranslation();
  return formatTime(grant.expires, i18n.language);
};

const GrantStatus = (grant: GrantRepresentation) => (
  <StatusLabel kind="grant" status={grant.status} />
);

export const AgentGrants = ({
  agentId,
  canManage,
}: {
  agentId: string;
  canManage: boolean;
}) => {
  const { t } = useTranslation();
  const api = useAgentsApi();
  const { addAlert, addError } = useAlerts();
  const [key, setKey] = useState(0);
  const [revoking, setRevoking] = useState<string>();

  const [toggleRevoke, RevokeDialog] = useConfirmDialog({
    titleKey: "grantRevokeConfirmTitle",
    messageKey: "grantRevokeConfirm",
    continueButtonLabel: "grantRevoke",
    continueButtonVariant: ButtonVariant.danger,
    onConfirm: async () => {
      try {
        await api.revokeGrant(revoking!);
        addAlert(t("grantRevoked"));
        setKey((value) => value + 1);
      } catch (error) {
        addError("grantRevokeError", error);
      }
    },
  });

  return (
    <PageSection variant="light">
      <RevokeDialog />
      <KeycloakDataTable
        key={key}
        loader={() => api.grants(agentId)}
        ariaLabelKey="agentGrants"
        data-testid="grants-table"
        actionResolver={
          canManage
            ? (row) =>
                isActive((row.data as GrantRepresentation).status)
                  ? [
                      {
                        title: t("grantRevoke"),
                        "data-testid": "grant-revoke",
                        isDanger: true,
                        onClick: () => {
                          setRevoking((row.data as GrantRepresentation).id);
                          toggleRevoke();
                        },
                      } as IAction,
                    ]
                  : []
            : undefined
        }
        columns={[
          {
            name: "username",
            displayKey: "grantConsumer",
            cellRenderer: Consumer,
            transforms: [wrappable],
          },
          {
            name: "scopes",
            displayKey: "grantScopes",
            cellRenderer: Scopes,
            transforms: [wrappable],
          },
          {
            name: "authorization_details",
            displayKey: "grantLimits",
            cellRenderer: Limits,
            transforms: [wrappable],
          },
          {
            name: "expires",
            displayKey: "grantExpires",
            cellRenderer: Expires,
            transforms: [wrappable],
          },
          {
            name: "status",
            displayKey: "grantStatus",
            cellRenderer: GrantStatus,
            transforms: [fitContent],
          },
        ]}
        emptyState={
          <ListEmptyState
            message={t("grantsEmpty")}
            instructions={t("grantsEmptyInstructions")}
          />
        }
      />
    </PageSection>
  );
};
