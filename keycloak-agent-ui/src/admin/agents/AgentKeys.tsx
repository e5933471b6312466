import { CopyToClipboardButton } from "@keycloak/keycloak-admin-ui";
import {
  Alert,
  Button,
  EmptyState,
  EmptyStateBody,
  EmptyStateHeader,
  Form,
  FormGroup,
  PageSection,
  TextArea,
} from "@patternfly/react-core";
import { Table, Tbody, Td, Th, Thead, Tr } from "@patternfly/react-table";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { formatTime } from "../../shared/format";
import { useAgentsApi } from "./api";
import type { AgentRepresentation } from "./api";
import { ConfirmModal } from "./ConfirmModal";
import { StatusLabel } from "./StatusLabel";

type AgentKeysProps = { agent: AgentRepresentation; canManage: boolean; onChange: () => void };

export const AgentKeys = ({ agent, canManage, onChange }: AgentKeysProps) => {
  const { t, i18n } = useTranslation();
  const api = useAgentsApi();
  const [jwk, setJwk] = useState("");
  const [error, setError] = useState<string>();
  const [notice, setNotice] = useState<string>();
  const [revoking, setRevoking] = useState<string>();
  const [warning, setWarning] = useState<string>();

  const run = async (action: () => Promise<string | undefined>) => {
    try {
      setNotice(await action());
      setError(undefined);
      onChange();
    }
    catch (e) {
      setNotice(undefined);
      setError((e as Error).message);
    }
  };

  const addKey = () =>
    run(async () => {
      let parsed: unknown;
      try {
        parsed = JSON.parse(jwk);
      }
      catch {
        // sent as is: the server's key_malformed / invalid_request words are shown
        parsed = jwk;
      }
      await api.addKey(agent.id, parsed);
      setJwk("");
      return t("keyAdded");
    });

  return (
    <PageSection variant="light">
      {notice && <Alert variant="success" isInline title={notice} data-testid="key-notice" />}
      {error && <Alert variant="danger" isInline title={error} data-testid="key-error" />}
      {warning && <Alert variant="warning" isInline title={warning} data-testid="key-warning" />}
      {agent.keys.length === 0 ? (
        <EmptyState data-testid="keys-empty">
          <EmptyStateHeader titleText={t("keysEmpty")} headingLevel="h2" />
          <EmptyStateBody>{t("keysEmptyInstructions")}</EmptyStateBody>
        </EmptyState>
      ) : (
        <Table aria-label={t("agentKeys")} data-testid="keys-table" variant="compact">
          <Thead>
            <Tr>
              <Th>{t("keyThumbprint")}</Th>
              <Th>{t("keyAlgorithm")}</Th>
              <Th>{t("keyStatus")}</Th>
              <Th>{t("keyNotBefore")}</Th>
              <Th>{t("keyNotAfter")}</Th>
              <Th>{t("keyCreated")}</Th>
              <Th>{t("keyLastUsed")}</Th>
              {canManage && <Th screenReaderText={t("actions")} />}
            </Tr>
          </Thead>
          <Tbody>
            {agent.keys.map((key) => (
              <Tr key={key.kid} data-testid="key-row" data-kid={key.kid}>
                <Td dataLabel={t("keyThumbprint")}>
                  <code data-testid="key-kid">{key.kid}</code> <CopyToClipboardButton id={`kid-${key.kid}`} text={key.kid} label={t("keyThumbprint")} />
                </Td>
                <Td dataLabel={t("keyAlgorithm")}>{key.alg}</Td>
                <Td dataLabel={t("keyStatus")}>
                  <StatusLabel kind="key" status={key.status} />
                </Td>
                <Td dataLabel={t("keyNotBefore")}>{formatTime(key.not_before, i18n.language)}</Td>
                <Td dataLabel={t("keyNotAfter")} data-testid="key-not-after">{formatTime(key.not_after, i18n.language)}</Td>
                <Td dataLabel={t("keyCreated")}>{formatTime(key.created, i18n.language)}</Td>
                <Td dataLabel={t("keyLastUsed")} data-testid="key-last-used">{formatTime(key.last_used, i18n.language)}</Td>
                {canManage && (
                  <Td isActionCell>
                    {key.status === "ACTIVE" && (
                      <Button
                        variant="secondary"
                        size="sm"
                        data-testid="key-retire"
                        onClick={() =>
                          run(async () => {
                            const retired = await api.retireKey(agent.id, key.kid);
                            setWarning(retired.warning);
                            return t("keyRetired", { end: formatTime(retired.not_after, i18n.language) });
                          })
                        }
                      >
                        {t("keyRetire")}
                      </Button>
                    )}{" "}
                    {key.status !== "REVOKED" && (
                      <Button variant="danger" size="sm" data-testid="key-revoke" onClick={() => setRevoking(key.kid)}>
                        {t("keyRevoke")}
                      </Button>
                    )}
                  </Td>
                )}
              </Tr>
            ))}
          </Tbody>
        </Table>
      )}
      {canManage && (
        <Form
          data-testid="key-add-form"
          onSubmit={(event) => {
            event.preventDefault();
            addKey();
          }}
        >
          <FormGroup label={t("keyJwk")} fieldId="key-jwk" labelInfo={t("keyAddExplain")}>
            <TextArea id="key-jwk" data-testid="key-jwk" value={jwk} onChange={(_e, v) => setJwk(v)} rows={4} resizeOrientation="vertical" />
          </FormGroup>
          <div>
            <Button type="submit" data-testid="key-add" isDisabled={!jwk.trim()}>
              {t("keyAdd")}
            </Button>
          </div>
        </Form>
      )}
      {revoking && (
        <ConfirmModal
          danger
          title={t("keyRevokeConfirmTitle", { kid: revoking })}
          confirmLabel={t("keyRevoke")}
          onClose={() => setRevoking(undefined)}
          onConfirm={() => run(async () => {
            await api.revokeKey(agent.id, revoking);
            return undefined;
          })}
        >
          {t("keyRevokeConfirm")}
        </ConfirmModal>
      )}
    </PageSection>
  );
};
