import { useAccess, useRealm, ViewHeader } from "@keycloak/keycloak-admin-ui";
import {
  KeycloakDataTable,
  ListEmptyState,
} from "@keycloak/keycloak-ui-shared";
import { Button, PageSection, ToolbarItem } from "@patternfly/react-core";
import { fitContent, wrappable } from "@patternfly/react-table";
import type { IAction } from "@patternfly/react-table";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { Link, useNavigate } from "react-router-dom";
import { canManageAgents } from "../agents/access";
import { useAgentProvidersApi } from "./api";
import { LastFetch } from "./LastFetch";
import type { AgentProviderRepresentation } from "./providers";
import { providersPage } from "./providers";
import { ProviderStatusLabel } from "./ProviderStatusLabel";
import { toAddAgentProvider, toAgentProvider } from "./routes";
import { useProviderActions } from "./useProviderActions";

const AliasLink = (provider: AgentProviderRepresentation) => {
  const { realm } = useRealm();
  return (
    <Link
      to={toAgentProvider(realm, provider.alias)}
      data-testid="provider-link"
      data-alias={provider.alias}
    >
      {provider.alias}
    </Link>
  );
};

const Status = (provider: AgentProviderRepresentation) => (
  <ProviderStatusLabel status={provider.status} />
);

const KeyCount = (provider: AgentProviderRepresentation) => (
  <span data-testid="provider-key-count">{provider.keyCount}</span>
);

const Fetched = (provider: AgentProviderRepresentation) => (
  <LastFetch provider={provider} />
);

/**
 * The realm's agent providers as Keycloak lists its identity providers: a toolbar action ("Add provider"; in the
 * empty state too), the alias linking to the provider's page, and each row's actions (refresh now, enable or
 * disable, delete) in a kebab menu. The REST answers the whole list; the loader searches (alias, display name)
 * and pages it, since the table's own search would keep showing the rows of before a reload.
 */
export default function AgentProvidersSection() {
  const { t } = useTranslation();
  const { realm } = useRealm();
  const api = useAgentProvidersApi();
  const navigate = useNavigate();
  const canManage = canManageAgents(useAccess());
  const [reload, setReload] = useState(0);
  const { refreshNow, enable, disable, remove, DisableDialog, DeleteDialog } =
    useProviderActions(() => setReload((value) => value + 1));

  const add = () => void navigate(toAddAgentProvider(realm));

  const actions = (provider: AgentProviderRepresentation): IAction[] => [
    {
      title: t("agentProviderRefresh"),
      "data-testid": "provider-refresh",
      onClick: () => refreshNow(provider),
    } as IAction,
    provider.enabled
      ? ({
          title: t("agentProviderDisable"),
          "data-testid": "provider-disable",
          onClick: () => disable(provider),
        } as IAction)
      : ({
          title: t("agentProviderEnable"),
          "data-testid": "provider-enable",
          onClick: () => enable(provider),
        } as IAction),
    {
      title: t("agentProviderDelete"),
      "data-testid": "provider-delete",
      isDanger: true,
      onClick: () => remove(provider),
    } as IAction,
  ];

  return (
    <>
      <DisableDialog />
      <DeleteDialog />
      <ViewHeader titleKey="agentProviders" subKey="agentProvidersExplain" />
      <PageSection variant="light" padding={{ default: "noPadding" }}>
        <KeycloakDataTable
          // a changed provider loads the list again, keeping the search and the page
          loader={{
            signal: reload,
            loader: async (first, max, search) =>
              providersPage(await api.list(), first ?? 0, max ?? 11, search),
          }}
          isPaginated
          ariaLabelKey="agentProviders"
          searchPlaceholderKey="agentProvidersSearch"
          data-testid="providers-table"
          toolbarItem={
            canManage && (
              <ToolbarItem>
                <Button data-testid="providers-add" onClick={add}>
                  {t("agentProviderAdd")}
                </Button>
              </ToolbarItem>
            )
          }
          actionResolver={
            canManage
              ? (row) => actions(row.data as AgentProviderRepresentation)
              : undefined
          }
          columns={[
            {
              name: "alias",
              displayKey: "agentProviderAlias",
              cellRenderer: AliasLink,
              transforms: [wrappable],
            },
            {
              name: "displayName",
              displayKey: "agentProviderDisplayName",
              transforms: [wrappable],
            },
            {
              name: "type",
              displayKey: "agentProviderType",
              transforms: [fitContent],
            },
            {
              name: "profile",
              displayKey: "agentProviderProfileColumn",
              transforms: [fitContent],
            },
            {
              name: "status",
              displayKey: "agentProviderStatusColumn",
              cellRenderer: Status,
              transforms: [fitContent],
            },
            {
              name: "keyCount",
              displayKey: "agentProviderKeyCount",
              cellRenderer: KeyCount,
              transforms: [fitContent],
            },
            {
              name: "lastFetch",
              displayKey: "agentProviderLastFetch",
              cellRenderer: Fetched,
              transforms: [wrappable],
            },
          ]}
          emptyState={
            <ListEmptyState
              message={t("agentProvidersEmpty")}
              instructions={t("agentProvidersEmptyInstructions")}
              primaryActionText={canManage ? t("agentProviderAdd") : undefined}
              onPrimaryAction={add}
            />
          }
        />
      </PageSection>
    </>
  );
}
