import { KeycloakSpinner, useFetch } from "@keycloak/keycloak-ui-shared";
import {
  EmptyState,
  EmptyStateHeader,
  Label,
  PageSection,
  Text,
  TextContent,
} from "@patternfly/react-core";
import { Table, Tbody, Td, Th, Thead, Tr } from "@patternfly/react-table";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { formatTime } from "../../shared/format";
import { useAgentsApi } from "./api";
import type { StandingRepresentation } from "./api";

const levelColor = (level: string) =>
  level === "HIGH" ? "red" : level === "MEDIUM" ? "orange" : "green";

/** The agent's standing as merchants reported it (GET .../agents/{id}/standing); read-only. */
export const AgentStanding = ({ agentId }: { agentId: string }) => {
  const { t, i18n } = useTranslation();
  const api = useAgentsApi();
  const [standing, setStanding] = useState<StandingRepresentation>();

  useFetch(() => api.standing(agentId), setStanding, [api, agentId]);

  return (
    <PageSection variant="light">
      {standing?.reports.length === 0 && (
        <EmptyState data-testid="standing-empty">
          <EmptyStateHeader titleText={t("standingNone")} headingLevel="h2" />
        </EmptyState>
      )}
      {standing && standing.reports.length > 0 && (
        <>
          <TextContent>
            <Text>
              {t("standingLevel")}:{" "}
              <Label
                color={levelColor(standing.level ?? "")}
                data-testid="standing-level"
              >
                {standing.level}
              </Label>
            </Text>
            <Text component="small">{t("standingExplain")}</Text>
          </TextContent>
          <Table
            aria-label={t("agentStanding")}
            data-testid="standing-table"
            variant="compact"
          >
            <Thead>
              <Tr>
                <Th>{t("standingMerchant")}</Th>
                <Th>{t("standingReportLevel")}</Th>
                <Th>{t("standingEvent")}</Th>
                <Th>{t("standingReason")}</Th>
                <Th>{t("standingReported")}</Th>
              </Tr>
            </Thead>
            <Tbody>
              {standing.reports.map((report) => (
                <Tr key={report.merchant} data-testid="standing-row">
                  <Td dataLabel={t("standingMerchant")}>{report.merchant}</Td>
                  <Td dataLabel={t("standingReportLevel")}>
                    <Label color={levelColor(report.level)}>
                      {report.level}
                    </Label>
                  </Td>
                  <Td dataLabel={t("standingEvent")}>{report.event}</Td>
                  <Td dataLabel={t("standingReason")}>
                    {report.reason ?? "—"}
                  </Td>
                  <Td dataLabel={t("standingReported")}>
                    {formatTime(report.reported_at, i18n.language)}
                  </Td>
                </Tr>
              ))}
            </Tbody>
          </Table>
        </>
      )}
      {!standing && <KeycloakSpinner />}
    </PageSection>
  );
};
