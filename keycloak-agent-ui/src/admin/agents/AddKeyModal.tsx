import {
  Alert,
  Button,
  Form,
  FormGroup,
  FormHelperText,
  HelperText,
  HelperTextItem,
  Modal,
  ModalVariant,
  TextArea,
} from "@patternfly/react-core";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { useAgentsApi } from "./api";

type AddKeyModalProps = {
  agentId: string;
  onClose: () => void;
  onAdded: () => void;
};

/** The "Add key" dialog: the agent's public JWK, sent as pasted; the server's refusal is shown in the dialog. */
export const AddKeyModal = ({
  agentId,
  onClose,
  onAdded,
}: AddKeyModalProps) => {
  const { t } = useTranslation();
  const api = useAgentsApi();
  const [jwk, setJwk] = useState("");
  const [error, setError] = useState<string>();

  const add = async () => {
    let parsed: unknown;
    try {
      parsed = JSON.parse(jwk);
    } catch {
      // sent as is: the server's key_malformed / invalid_request words are shown
      parsed = jwk;
    }
    try {
      await api.addKey(agentId, parsed);
      onAdded();
    } catch (e) {
      setError((e as Error).message);
    }
  };

  return (
    <Modal
      variant={ModalVariant.medium}
      title={t("keyAddTitle")}
      isOpen
      onClose={onClose}
      data-testid="key-add-modal"
      actions={[
        <Button
          key="add"
          type="submit"
          form="key-add-form"
          data-testid="key-add"
          isDisabled={!jwk.trim()}
        >
          {t("keyAddConfirm")}
        </Button>,
        <Button
          key="cancel"
          variant="link"
          data-testid="key-add-cancel"
          onClick={onClose}
        >
          {t("cancel")}
        </Button>,
      ]}
    >
      {error && (
        <Alert
          variant="danger"
          isInline
          title={error}
          data-testid="key-error"
        />
      )}
      <Form
        id="key-add-form"
        data-testid="key-add-form"
        onSubmit={(event) => {
          event.preventDefault();
          void add();
        }}
      >
        <FormGroup label={t("keyJwk")} fieldId="key-jwk" isRequired>
          <TextArea
            id="key-jwk"
            data-testid="key-jwk"
            value={jwk}
            onChange={(_e, v) => setJwk(v)}
            rows={8}
            resizeOrientation="vertical"
            validated={error ? "error" : "default"}
          />
          <FormHelperText>
            <HelperText>
              <HelperTextItem>{t("keyAddExplain")}</HelperTextItem>
            </HelperText>
          </FormHelperText>
        </FormGroup>
      </Form>
    </Modal>
  );
};
