import { useRealm } from "@keycloak/keycloak-admin-ui";
import { PageSection, Text, TextContent } from "@patternfly/react-core";
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
  return (
    <>
      <PageSection variant="light">
        <TextContent>
          <Text component="h1">{t("agentCreate")}</Text>
          <Text component="p">{t("agentCreateExplain")}</Text>
        </TextContent>
      </PageSection>
      <PageSection variant="light">
        <AgentForm
          submitLabel={t("create")}
          onCancel={() => navigate(toAgents(realm))}
          onSubmit={async (input) => {
            const agent = await api.create(input);
            void navigate(toAgent(realm, agent.id, "keys"));
          }}
        />
      </PageSection>
    </>
  );
}
