import {
  Alert,
  EmptyState,
  EmptyStateBody,
  EmptyStateHeader,
  PageSection,
} from "@patternfly/react-core";
import {
  ActionsColumn,
  Table,
  Tbody,
  Td,
  Th,
  Thead,
  Tr,
} from "@patternfly/react-table";
import type { IAction } from "@patternfly/react-table";
import { useCallback, useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { formatTime, isActive, scopeKey } from "../../shared/format";
import { useAgentsApi } from "./api";
import type { GrantRepresentation } from "./api";
import { ConfirmModal } from "./ConfirmModal";
import { LimitsList } from "./LimitsList";
import { StatusLabel } from "./StatusLabel";

export const AgentGrants = ({
  agentId,
  canManage,
}: {
  agentId: string;
  canManage: boolean;
}) => {
  const { t, i18n } = useTranslation();
  const api = useAgentsApi();
  const [grants, setGrants] = useState<GrantRepresentation[]>();
  const [error, setError] = useState<string>();
  const [revoking, setRevoking] = useState<string>();

  const reload = useCallback(() => {
    api
      .grants(agentId)
      .then(setGrants)
      .catch((e: Error) => setError(e.message));
  }, [api, agentId]);
  useEffect(reload, [reload]);

  return (
    <PageSection variant="light">
      {error && (
        <Alert
          variant="danger"
          isInline
          title={error}
          data-testid="grants-error"
        />
      )}
      {grants?.length === 0 ? (
        <EmptyState data-testid="grants-empty">
          <EmptyStateHeader titleText={t("grantsEmpty")} headingLevel="h2" />
          <EmptyStateBody>{t("grantsEmptyInstructions")}</EmptyStateBody>
        </EmptyState>
      ) : (
        <Table
          aria-label={t("agentGrants")}
          data-testid="grants-table"
          variant="compact"
        >
          <Thead>
            <Tr>
              <Th modifier="wrap">{t("grantConsumer")}</Th>
              <Th modifier="wrap">{t("grantScopes")}</Th>
              <Th modifier="wrap">{t("grantLimits")}</Th>
              <Th modifier="wrap">{t("grantExpires")}</Th>
              <Th modifier="fitContent">{t("grantStatus")}</Th>
              {canManage && <Th screenReaderText={t("actions")} />}
            </Tr>
          </Thead>
          <Tbody>
            {(grants ?? []).map((grant) => (
              <Tr
                key={grant.id}
                data-testid="grant-row"
                data-grant-id={grant.id}
                data-status={grant.status.toUpperCase()}
              >
                <Td dataLabel={t("grantConsumer")} modifier="breakWord">
                  {grant.username ?? grant.user_id}
                </Td>
                <Td dataLabel={t("grantScopes")} modifier="wrap">
                  {grant.scopes
                    .map((scope) => t(scopeKey(scope), { defaultValue: scope }))
                    .join("; ")}
                </Td>
                <Td dataLabel={t("grantLimits")} modifier="wrap">
                  <LimitsList details={grant.authorization_details} />
                </Td>
                <Td dataLabel={t("grantExpires")}>
                  {formatTime(grant.expires, i18n.language)}
                </Td>
                <Td dataLabel={t("grantStatus")} modifier="fitContent">
                  <StatusLabel kind="grant" status={grant.status} />
                </Td>
                {canManage && (
                  <Td isActionCell data-testid="grant-actions">
                    {isActive(grant.status) && (
                      <ActionsColumn
                        items={[
                          {
                            title: t("grantRevoke"),
                            "data-testid": "grant-revoke",
                            isDanger: true,
                            onClick: () => setRevoking(grant.id),
                          } as IAction,
                        ]}
                      />
                    )}
                  </Td>
                )}
              </Tr>
            ))}
          </Tbody>
        </Table>
      )}
      {revoking && (
        <ConfirmModal
          danger
          title={t("grantRevokeConfirmTitle")}
          confirmLabel={t("grantRevoke")}
          onClose={() => setRevoking(undefined)}
          onConfirm={() =>
            api
              .revokeGrant(revoking)
              .then(reload)
              .catch((e: Error) => setError(e.message))
          }
        >
          {t("grantRevokeConfirm")}
        </ConfirmModal>
      )}
    </PageSection>
  );
};
