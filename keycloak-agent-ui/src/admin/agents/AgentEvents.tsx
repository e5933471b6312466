import { AdminEvents, useAccess } from "@keycloak/keycloak-admin-ui";
import { Alert, PageSection } from "@patternfly/react-core";
import { useTranslation } from "react-i18next";
import { canViewEvents } from "./access";

/**
 * Keycloak's own admin-events view (search, details, representation), limited to this agent's resource path
 * and below it (keys, status changes), as Keycloak shows a client's events. Keycloak's admin-events API needs
 * view-events (or manage-events): an admin with view-agents alone is told so, plainly, instead of the API's 403.
 */
export const AgentEvents = ({ agentId }: { agentId: string }) => {
  const { t } = useTranslation();
  if (!canViewEvents(useAccess())) {
    return (
      <PageSection variant="light">
        <Alert
          variant="info"
          isInline
          title={t("eventsNeedViewEvents")}
          data-testid="events-forbidden"
        >
          {t("eventsNeedViewEventsExplain")}
        </Alert>
      </PageSection>
    );
  }
  return (
    <PageSection variant="light" data-testid="agent-events">
      <AdminEvents resourcePath={`agents/${agentId}*`} />
    </PageSection>
  );
};
