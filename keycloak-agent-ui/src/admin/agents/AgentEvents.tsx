import { useAccess } from "@keycloak/keycloak-admin-ui";
import {
  Alert,
  EmptyState,
  EmptyStateBody,
  EmptyStateHeader,
  PageSection,
} from "@patternfly/react-core";
import { Table, Tbody, Td, Th, Thead, Tr } from "@patternfly/react-table";
import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { useAgentsApi } from "./api";
import type { AdminEventRepresentation } from "./api";
import { RestError } from "../../shared/http";
import { canViewEvents } from "./access";

/**
 * Keycloak's admin events whose resource path is this agent or below it (keys, status changes). Keycloak's
 * admin-events API needs view-events (or manage-events): an admin with view-agents alone is told so, plainly,
 * instead of being shown the API's 403.
 */
export const AgentEvents = ({ agentId }: { agentId: string }) => {
  const { t, i18n } = useTranslation();
  const api = useAgentsApi();
  const allowed = canViewEvents(useAccess());
  const [events, setEvents] = useState<AdminEventRepresentation[]>();
  const [error, setError] = useState<string>();
  const [forbidden, setForbidden] = useState(!allowed);

  useEffect(() => {
    if (!allowed) {
      return;
    }
    api
      .events(agentId)
      .then(setEvents)
      .catch((e: Error) =>
        e instanceof RestError && e.status === 403
          ? setForbidden(true)
          : setError(e.message),
      );
  }, [api, agentId, allowed]);

  if (forbidden) {
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
    <PageSection variant="light">
      {error && (
        <Alert
          variant="danger"
          isInline
          title={error}
          data-testid="events-error"
        />
      )}
      {events?.length === 0 ? (
        <EmptyState data-testid="events-empty">
          <EmptyStateHeader titleText={t("eventsEmpty")} headingLevel="h2" />
          <EmptyStateBody>{t("eventsEmptyInstructions")}</EmptyStateBody>
        </EmptyState>
      ) : (
        <Table
          aria-label={t("agentEvents")}
          data-testid="events-table"
          variant="compact"
        >
          <Thead>
            <Tr>
              <Th>{t("eventTime")}</Th>
              <Th>{t("eventOperation")}</Th>
              <Th>{t("eventResource")}</Th>
              <Th>{t("eventUser")}</Th>
            </Tr>
          </Thead>
          <Tbody>
            {(events ?? []).map((event, index) => (
              <Tr key={`${event.time}-${index}`} data-testid="event-row">
                <Td>{new Date(event.time).toLocaleString(i18n.language)}</Td>
                <Td>{event.operationType}</Td>
                <Td>
                  {event.resourceType} <code>{event.resourcePath}</code>
                </Td>
                <Td>{event.authDetails?.userId ?? "—"}</Td>
              </Tr>
            ))}
          </Tbody>
        </Table>
      )}
    </PageSection>
  );
};
