import { useRealm, ViewHeader } from "@keycloak/keycloak-admin-ui";
import { AlertVariant, PageSection } from "@patternfly/react-core";
import { useAlerts } from "@keycloak/keycloak-ui-shared";
import { useTranslation } from "react-i18next";
import { useNavigate } from "react-router-dom";
import { AgentProviderForm } from "./AgentProviderForm";
import { useAgentProvidersApi } from "./api";
import { isFetchOk } from "./providers";
import { toAgentProvider, toAgentProviders } from "./routes";

export default function AddAgentProvider() {
  const { t } = useTranslation();
  const { realm } = useRealm();
  const api = useAgentProvidersApi();
  const navigate = useNavigate();
  const { addAlert } = useAlerts();
  return (
    <>
      <ViewHeader
        titleKey="agentProviderAdd"
        subKey="agentProviderAddExplain"
      />
      <PageSection variant="light">
        <AgentProviderForm
          submitLabel={t("add")}
          onCancel={() => void navigate(toAgentProviders(realm))}
          onSubmit={async (input) => {
            const provider = await api.create(input);
            addAlert(t("agentProviderAdded"));
            // an enabled provider is fetched at once; a failed fetch does not fail the call: say so
            if (provider.enabled && !isFetchOk(provider.lastResult)) {
              addAlert(
                t("agentProviderRefreshFailed", {
                  result: provider.lastResult,
                  error: provider.lastError ?? "",
                  known: provider.keyCount,
                }),
                AlertVariant.warning,
              );
            }
            void navigate(toAgentProvider(realm, provider.alias));
          }}
        />
      </PageSection>
    </>
  );
}
