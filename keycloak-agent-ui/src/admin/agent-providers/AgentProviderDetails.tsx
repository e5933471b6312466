import { useAccess, useRealm, ViewHeader } from "@keycloak/keycloak-admin-ui";
import { useAlerts, useFetch } from "@keycloak/keycloak-ui-shared";
import {
  Alert,
  DescriptionList,
  DescriptionListDescription,
  DescriptionListGroup,
  DescriptionListTerm,
  DropdownItem,
  PageSection,
  Title,
} from "@patternfly/react-core";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { useNavigate, useParams } from "react-router-dom";
import { formatTime } from "../../shared/format";
import { canManageAgents } from "../agents/access";
import { AgentProviderForm } from "./AgentProviderForm";
import { useAgentProvidersApi } from "./api";
import { LastFetch } from "./LastFetch";
import type { AgentProviderRepresentation } from "./providers";
import { ProviderStatusLabel } from "./ProviderStatusLabel";
import { toAgentProviders } from "./routes";
import { useProviderActions } from "./useProviderActions";

/**
 * One provider, as Keycloak shows an identity provider: the header's switch enables and disables it (disabling
 * asks first), its Action menu refreshes now and deletes; below, how its keys were fetched, then its settings.
 */
export default function AgentProviderDetails() {
  const { t, i18n } = useTranslation();
  const { realm } = useRealm();
  const { alias } = useParams<{ alias: string }>();
  const api = useAgentProvidersApi();
  const navigate = useNavigate();
  const { addAlert } = useAlerts();
  const canManage = canManageAgents(useAccess());
  const [provider, setProvider] = useState<AgentProviderRepresentation>();

  useFetch(() => api.get(alias!), setProvider, [api, alias]);

  const { refreshNow, enable, disable, remove, DisableDialog, DeleteDialog } =
    useProviderActions((changed) => {
      if (changed) {
        setProvider(changed);
      } else {
        void navigate(toAgentProviders(realm));
      }
    });

  if (!provider) {
    return null;
  }

  const time = (value: number | undefined) => formatTime(value, i18n.language);

  return (
    <>
      <DisableDialog />
      <DeleteDialog />
      <ViewHeader
        titleKey={provider.displayName}
        noTranslate
        subKey={t("agentProviderDetailsExplain", { alias: provider.alias })}
        badges={[{ text: <ProviderStatusLabel status={provider.status} /> }]}
        isEnabled={provider.enabled}
        isReadOnly={!canManage}
        onToggle={(value) => (value ? enable(provider) : disable(provider))}
        dropdownItems={
          canManage
            ? [
                <DropdownItem
                  key="refresh"
                  data-testid="provider-refresh"
                  onClick={() => refreshNow(provider)}
                >
                  {t("agentProviderRefresh")}
                </DropdownItem>,
                <DropdownItem
                  key="delete"
                  data-testid="provider-delete"
                  onClick={() => remove(provider)}
                >
                  {t("agentProviderDelete")}
                </DropdownItem>,
              ]
            : undefined
        }
      />
      <PageSection variant="light">
        <Title headingLevel="h2" size="lg" className="pf-v5-u-mb-md">
          {t("agentProviderFetching")}
        </Title>
        {provider.status === "failed_closed" && (
          <Alert
            variant="danger"
            isInline
            className="pf-v5-u-mb-md"
            title={t("agentProviderFailedClosedExplain")}
          />
        )}
        {provider.status === "stale" && (
          <Alert
            variant="warning"
            isInline
            className="pf-v5-u-mb-md"
            title={t("agentProviderStaleExplain")}
          />
        )}
        <DescriptionList
          isHorizontal
          isCompact
          columnModifier={{ default: "2Col" }}
          data-testid="provider-fetch"
        >
          <DescriptionListGroup>
            <DescriptionListTerm>
              {t("agentProviderKeyCount")}
            </DescriptionListTerm>
            <DescriptionListDescription data-testid="provider-key-count">
              {provider.keyCount}
            </DescriptionListDescription>
          </DescriptionListGroup>
          <DescriptionListGroup>
            <DescriptionListTerm>
              {t("agentProviderLastFetch")}
            </DescriptionListTerm>
            <DescriptionListDescription>
              <LastFetch provider={provider} />
            </DescriptionListDescription>
          </DescriptionListGroup>
          <DescriptionListGroup>
            <DescriptionListTerm>
              {t("agentProviderLastSuccess")}
            </DescriptionListTerm>
            <DescriptionListDescription data-testid="provider-last-success">
              {time(provider.lastSuccess)}
            </DescriptionListDescription>
          </DescriptionListGroup>
          <DescriptionListGroup>
            <DescriptionListTerm>
              {t("agentProviderNextFetch")}
            </DescriptionListTerm>
            <DescriptionListDescription data-testid="provider-next-fetch">
              {provider.enabled
                ? time(provider.nextFetch)
                : t("agentProviderNotScheduled")}
            </DescriptionListDescription>
          </DescriptionListGroup>
        </DescriptionList>
      </PageSection>
      <PageSection variant="light">
        <Title headingLevel="h2" size="lg" className="pf-v5-u-mb-md">
          {t("agentProviderSettings")}
        </Title>
        <AgentProviderForm
          key={provider.updated}
          initial={provider}
          readOnly={!canManage}
          submitLabel={t("save")}
          onSubmit={async (input) => {
            // the header's switch decides enabled; the form edits the rest
            setProvider(
              await api.update(provider.alias, {
                ...input,
                enabled: provider.enabled,
              }),
            );
            addAlert(t("agentProviderSaved"));
          }}
        />
      </PageSection>
    </>
  );
}
