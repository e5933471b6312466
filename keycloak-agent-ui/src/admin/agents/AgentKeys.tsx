import {
  CopyToClipboardButton,
  useConfirmDialog,
} from "@keycloak/keycloak-admin-ui";
import {
  KeycloakDataTable,
  ListEmptyState,
  useAlerts,
} from "@keycloak/keycloak-ui-shared";
import {
  AlertVariant,
  Button,
  ButtonVariant,
  PageSection,
  ToolbarItem,
} from "@patternfly/react-core";
import { fitContent, wrappable } from "@patternfly/react-table";
import type { IAction } from "@patternfly/react-table";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { formatTime } from "../../shared/format";
import type { AgentKeyRepresentation } from "../../shared/format";
import { AddKeyModal } from "./AddKeyModal";
import { useAgentsApi } from "./api";
import type { AgentRepresentation } from "./api";
import { StatusLabel } from "./StatusLabel";

type AgentKeysProps = {
  agent: AgentRepresentation;
  canManage: boolean;
  onChange: () => void;
};

const Thumbprint = (key: AgentKeyRepresentation) => {
  const { t } = useTranslation();
  return (
    <span style={{ whiteSpace: "nowrap" }}>
      <code
        data-testid="key-kid"
        data-kid={key.kid}
        style={{ fontSize: "var(--pf-v5-global--FontSize--xs)" }}
      >
        {key.kid}
      </code>{" "}
      <CopyToClipboardButton
        id={`kid-${key.kid}`}
        text={key.kid}
        label={t("keyThumbprint")}
      />
      {key.provider_key_id && key.provider_key_id !== key.kid && (
        // a JWKS names its keys by kid, which is what a signature's keyid says
        <div className="pf-v5-u-font-size-xs" data-testid="key-provider-key-id">
          {t("keyProviderKeyId", { keyId: key.provider_key_id })}
        </div>
      )}
    </span>
  );
};

const KeyStatus = (key: AgentKeyRepresentation) => (
  <StatusLabel kind="key" status={key.status} />
);

const Validity = (key: AgentKeyRepresentation) => {
  const { t, i18n } = useTranslation();
  return (
    <>
      <div data-testid="key-not-before">
        {t("keyValidFrom", {
          time: formatTime(key.not_before ?? key.created, i18n.language),
        })}
      </div>
      <div data-testid="key-not-after">
        {key.not_after === undefined || key.not_after === null
          ? t("keyNoEnd")
          : t("keyValidUntil", {
              time: formatTime(key.not_after, i18n.language),
            })}
      </div>
    </>
  );
};

const LastUsed = (key: AgentKeyRepresentation) => {
  const { i18n } = useTranslation();
  return (
    <span data-testid="key-last-used">
      {formatTime(key.last_used, i18n.language)}
    </span>
  );
};

/**
 * The agent's keys as admin-ui lists things: a toolbar action ("Add key", a modal; in the empty state too), a
 * table whose columns fit a 1280 px screen (validity in one column), and each row's actions in a kebab menu.
 */
export const AgentKeys = ({ agent, canManage, onChange }: AgentKeysProps) => {
  const { t, i18n } = useTranslation();
  const api = useAgentsApi();
  const { addAlert, addError } = useAlerts();
  const [adding, setAdding] = useState(false);
  const [revoking, setRevoking] = useState<string>();

  const run = async (action: () => Promise<void>) => {
    try {
      await action();
      onChange();
    } catch (error) {
      addError("keyChangeError", error);
    }
  };

  const retire = (key: AgentKeyRepresentation) =>
    run(async () => {
      const retired = await api.retireKey(agent.id, key.kid);
      addAlert(
        t("keyRetired", {
          end: formatTime(retired.not_after, i18n.language),
        }),
      );
      // the server warns when the key was used at a merchant in the last hour
      if (retired.warning) {
        addAlert(retired.warning, AlertVariant.warning);
      }
    });

  const [toggleRevoke, RevokeDialog] = useConfirmDialog({
    titleKey: t("keyRevokeConfirmTitle", { kid: revoking }),
    messageKey: "keyRevokeConfirm",
    continueButtonLabel: "keyRevoke",
    continueButtonVariant: ButtonVariant.danger,
    onConfirm: () =>
      void run(async () => {
        await api.revokeKey(agent.id, revoking!);
        addAlert(t("keyRevoked"));
      }),
  });

  const actions = (key: AgentKeyRepresentation): IAction[] => [
    ...(key.status === "active"
      ? [
          {
            title: t("keyRetire"),
            "data-testid": "key-retire",
            onClick: () => void retire(key),
          } as IAction,
        ]
      : []),
    ...(key.status !== "revoked"
      ? [
          {
            title: t("keyRevoke"),
            "data-testid": "key-revoke",
            isDanger: true,
            onClick: () => {
              setRevoking(key.kid);
              toggleRevoke();
            },
          } as IAction,
        ]
      : []),
  ];

  return (
    <PageSection variant="light">
      <RevokeDialog />
      <KeycloakDataTable
        loader={agent.keys}
        ariaLabelKey="agentKeys"
        data-testid="keys-table"
        toolbarItem={
          canManage && (
            <ToolbarItem>
              <Button
                data-testid="key-add-open"
                onClick={() => setAdding(true)}
              >
                {t("keyAdd")}
              </Button>
            </ToolbarItem>
          )
        }
        actionResolver={
          canManage
            ? (row) => actions(row.data as AgentKeyRepresentation)
            : undefined
        }
        columns={[
          {
            name: "kid",
            displayKey: "keyThumbprint",
            cellRenderer: Thumbprint,
            transforms: [wrappable],
          },
          { name: "alg", displayKey: "keyAlgorithm", transforms: [fitContent] },
          {
            name: "status",
            displayKey: "keyStatus",
            cellRenderer: KeyStatus,
            transforms: [fitContent],
          },
          {
            name: "not_after",
            displayKey: "keyValidity",
            cellRenderer: Validity,
            transforms: [wrappable],
          },
          {
            name: "last_used",
            displayKey: "keyLastUsed",
            cellRenderer: LastUsed,
            transforms: [wrappable],
          },
        ]}
        emptyState={
          <ListEmptyState
            message={t("keysEmpty")}
            instructions={t("keysEmptyInstructions")}
            primaryActionText={canManage ? t("keyAdd") : undefined}
            onPrimaryAction={() => setAdding(true)}
          />
        }
      />
      {adding && (
        <AddKeyModal
          agentId={agent.id}
          onClose={() => setAdding(false)}
          onAdded={() => {
            setAdding(false);
            addAlert(t("keyAdded"));
            onChange();
          }}
        />
      )}
    </PageSection>
  );
};
