import { useRealm, ViewHeader } from "@keycloak/keycloak-admin-ui";
import { useAlerts } from "@keycloak/keycloak-ui-shared";
import { PageSection } from "@patternfly/react-core";
import { useTranslation } from "react-i18next";
import { useNavigate } from "react-router-dom";
import { AgentForm } from "./AgentForm";
import { useAgentsApi } from "./api";
import { toAgent, toAgents } from "./routes";

export default function CreateAgent() {
  const { t } = useTranslation();
  const { realm } = useRealm();
  const api = useAgentsApi();
  const navigate = useNavigate();
  const { addAlert } = useAlerts();
  return (
    <>
      <ViewHeader titleKey="agentCreate" subKey="agentCreateExplain" />
      <PageSection variant="light">
        <AgentForm
          submitLabel={t("create")}
          onCancel={() => void navigate(toAgents(realm))}
          onSubmit={async (input) => {
            const agent = await api.create(input);
            addAlert(t("agentCreated.success"));
            void navigate(toAgent(realm, agent.id, "keys"));
          }}
        />
      </PageSection>
    </>
  );
}
