import { CopyToClipboardButton } from "@keycloak/keycloak-admin-ui";
import {
  Alert,
  Button,
  EmptyState,
  EmptyStateActions,
  EmptyStateBody,
  EmptyStateFooter,
  EmptyStateHeader,
  PageSection,
  Toolbar,
  ToolbarContent,
  ToolbarItem,
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
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { formatTime } from "../../shared/format";
import type { AgentKeyRepresentation } from "../../shared/format";
import { AddKeyModal } from "./AddKeyModal";
import { useAgentsApi } from "./api";
import type { AgentRepresentation } from "./api";
import { ConfirmModal } from "./ConfirmModal";
import { StatusLabel } from "./StatusLabel";

type AgentKeysProps = {
  agent: AgentRepresentation;
  canManage: boolean;
  onChange: () => void;
};

/**
 * The agent's keys as admin-ui lists things: a toolbar action ("Add key", a modal), a table whose columns fit a
 * 1280 px screen (validity in one column), and each row's actions in a kebab menu.
 */
export const AgentKeys = ({ agent, canManage, onChange }: AgentKeysProps) => {
  const { t, i18n } = useTranslation();
  const api = useAgentsApi();
  const [adding, setAdding] = useState(false);
  const [error, setError] = useState<string>();
  const [notice, setNotice] = useState<string>();
  const [revoking, setRevoking] = useState<string>();
  const [warning, setWarning] = useState<string>();

  const run = async (action: () => Promise<string | undefined>) => {
    try {
      setNotice(await action());
      setError(undefined);
      onChange();
    } catch (e) {
      setNotice(undefined);
      setError((e as Error).message);
    }
  };

  const retire = (key: AgentKeyRepresentation) =>
    run(async () => {
      const retired = await api.retireKey(agent.id, key.kid);
      setWarning(retired.warning);
      return t("keyRetired", {
        end: formatTime(retired.not_after, i18n.language),
      });
    });

  const actions = (key: AgentKeyRepresentation): IAction[] => [
    ...(key.status === "ACTIVE"
      ? [
          {
            title: t("keyRetire"),
            "data-testid": "key-retire",
            onClick: () => retire(key),
          } as IAction,
        ]
      : []),
    ...(key.status !== "REVOKED"
      ? [
          {
            title: t("keyRevoke"),
            "data-testid": "key-revoke",
            isDanger: true,
            onClick: () => setRevoking(key.kid),
          } as IAction,
        ]
      : []),
  ];

  const addButton = (
    <Button data-testid="key-add-open" onClick={() => setAdding(true)}>
      {t("keyAdd")}
    </Button>
  );

  return (
    <PageSection variant="light">
      {notice && (
        <Alert
          variant="success"
          isInline
          title={notice}
          data-testid="key-notice"
        />
      )}
      {error && (
        <Alert
          variant="danger"
          isInline
          title={error}
          data-testid="key-error"
        />
      )}
      {warning && (
        <Alert
          variant="warning"
          isInline
          title={warning}
          data-testid="key-warning"
        />
      )}
      {agent.keys.length === 0 ? (
        <EmptyState data-testid="keys-empty">
          <EmptyStateHeader titleText={t("keysEmpty")} headingLevel="h2" />
          <EmptyStateBody>{t("keysEmptyInstructions")}</EmptyStateBody>
          {canManage && (
            <EmptyStateFooter>
              <EmptyStateActions>{addButton}</EmptyStateActions>
            </EmptyStateFooter>
          )}
        </EmptyState>
      ) : (
        <>
          {canManage && (
            <Toolbar data-testid="keys-toolbar">
              <ToolbarContent>
                <ToolbarItem>{addButton}</ToolbarItem>
              </ToolbarContent>
            </Toolbar>
          )}
          <Table
            aria-label={t("agentKeys")}
            data-testid="keys-table"
            variant="compact"
          >
            <Thead>
              <Tr>
                <Th modifier="wrap">{t("keyThumbprint")}</Th>
                <Th modifier="fitContent">{t("keyAlgorithm")}</Th>
                <Th modifier="fitContent">{t("keyStatus")}</Th>
                <Th modifier="wrap">{t("keyValidity")}</Th>
                <Th modifier="wrap">{t("keyLastUsed")}</Th>
                {canManage && <Th screenReaderText={t("actions")} />}
              </Tr>
            </Thead>
            <Tbody>
              {agent.keys.map((key) => (
                <Tr
                  key={key.kid}
                  data-testid="key-row"
                  data-kid={key.kid}
                  data-status={key.status}
                >
                  <Td dataLabel={t("keyThumbprint")} modifier="nowrap">
                    <code
                      data-testid="key-kid"
                      style={{ fontSize: "var(--pf-v5-global--FontSize--xs)" }}
                    >
                      {key.kid}
                    </code>{" "}
                    <CopyToClipboardButton
                      id={`kid-${key.kid}`}
                      text={key.kid}
                      label={t("keyThumbprint")}
                    />
                  </Td>
                  <Td dataLabel={t("keyAlgorithm")} modifier="fitContent">
                    {key.alg}
                  </Td>
                  <Td dataLabel={t("keyStatus")} modifier="fitContent">
                    <StatusLabel kind="key" status={key.status} />
                  </Td>
                  <Td dataLabel={t("keyValidity")}>
                    <div data-testid="key-not-before">
                      {t("keyValidFrom", {
                        time: formatTime(
                          key.not_before ?? key.created,
                          i18n.language,
                        ),
                      })}
                    </div>
                    <div data-testid="key-not-after">
                      {key.not_after === undefined || key.not_after === null
                        ? t("keyNoEnd")
                        : t("keyValidUntil", {
                            time: formatTime(key.not_after, i18n.language),
                          })}
                    </div>
                  </Td>
                  <Td dataLabel={t("keyLastUsed")} data-testid="key-last-used">
                    {formatTime(key.last_used, i18n.language)}
                  </Td>
                  {canManage && (
                    <Td isActionCell data-testid="key-actions">
                      {actions(key).length > 0 && (
                        <ActionsColumn items={actions(key)} />
                      )}
                    </Td>
                  )}
                </Tr>
              ))}
            </Tbody>
          </Table>
        </>
      )}
      {adding && (
        <AddKeyModal
          agentId={agent.id}
          onClose={() => setAdding(false)}
          onAdded={() => {
            setAdding(false);
            setError(undefined);
            setWarning(undefined);
            setNotice(t("keyAdded"));
            onChange();
          }}
        />
      )}
      {revoking && (
        <ConfirmModal
          danger
          title={t("keyRevokeConfirmTitle", { kid: revoking })}
          confirmLabel={t("keyRevoke")}
          onClose={() => setRevoking(undefined)}
          onConfirm={() =>
            run(async () => {
              await api.revokeKey(agent.id, revoking);
              return t("keyRevoked");
            })
          }
        >
          {t("keyRevokeConfirm")}
        </ConfirmModal>
      )}
    </PageSection>
  );
};
