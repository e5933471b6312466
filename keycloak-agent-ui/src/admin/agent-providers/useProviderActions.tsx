import { useConfirmDialog } from "@keycloak/keycloak-admin-ui";
import { useAlerts } from "@keycloak/keycloak-ui-shared";
import { AlertVariant, ButtonVariant } from "@patternfly/react-core";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { useAgentProvidersApi } from "./api";
import type { AgentProviderRepresentation } from "./providers";
import { isFetchOk, withEnabled } from "./providers";

/**
 * What the list's row menu and the provider's page both do: refresh now (its answer in an alert: the key count
 * and the fetch result), enable, disable (after a confirmation: merchants stop accepting its agents) and delete
 * (after a confirmation: its agents go with it). {@link changed} receives the provider as it is afterwards
 * (undefined once deleted).
 */
export function useProviderActions(
  changed: (provider?: AgentProviderRepresentation) => void,
) {
  const { t } = useTranslation();
  const api = useAgentProvidersApi();
  const { addAlert, addError } = useAlerts();
  const [target, setTarget] = useState<AgentProviderRepresentation>();

  const run = async (action: () => Promise<void>) => {
    try {
      await action();
    } catch (error) {
      addError("agentProviderChangeError", error);
    }
  };

  const refreshNow = (provider: AgentProviderRepresentation) =>
    run(async () => {
      const answer = await api.refresh(provider.alias);
      if (isFetchOk(answer.result)) {
        addAlert(
          t("agentProviderRefreshed", {
            count: answer.keyCount,
            retired: answer.retired,
            skipped: answer.skipped,
          }),
        );
      } else {
        addAlert(
          t("agentProviderRefreshFailed", {
            result: answer.result,
            error: answer.error ?? "",
            known: answer.keyCount,
          }),
          AlertVariant.danger,
        );
      }
      changed(answer.provider);
    });

  const setEnabled = (
    provider: AgentProviderRepresentation,
    enabled: boolean,
  ) =>
    run(async () => {
      const saved = await api.update(
        provider.alias,
        withEnabled(provider, enabled),
      );
      addAlert(t(enabled ? "agentProviderEnabled" : "agentProviderDisabled"));
      changed(saved);
    });

  const [toggleDisable, DisableDialog] = useConfirmDialog({
    titleKey: t("agentProviderDisableConfirmTitle", {
      name: target?.displayName,
    }),
    messageKey: "agentProviderDisableConfirm",
    continueButtonLabel: "agentProviderDisable",
    continueButtonVariant: ButtonVariant.danger,
    onConfirm: () => {
      if (target) void setEnabled(target, false);
    },
  });

  const [toggleDelete, DeleteDialog] = useConfirmDialog({
    titleKey: t("agentProviderDeleteConfirmTitle", {
      name: target?.displayName,
    }),
    messageKey: "agentProviderDeleteConfirm",
    continueButtonLabel: "agentProviderDelete",
    continueButtonVariant: ButtonVariant.danger,
    onConfirm: () =>
      void run(async () => {
        if (!target) return;
        await api.remove(target.alias);
        addAlert(t("agentProviderDeleted"));
        changed(undefined);
      }),
  });

  return {
    refreshNow: (provider: AgentProviderRepresentation) =>
      void refreshNow(provider),
    enable: (provider: AgentProviderRepresentation) =>
      void setEnabled(provider, true),
    disable: (provider: AgentProviderRepresentation) => {
      setTarget(provider);
      toggleDisable();
    },
    remove: (provider: AgentProviderRepresentation) => {
      setTarget(provider);
      toggleDelete();
    },
    DisableDialog,
    DeleteDialog,
  };
}
