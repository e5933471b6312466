import {
  ActionGroup,
  Button,
  Form,
  FormGroup,
  TextArea,
  TextInput,
} from "@patternfly/react-core";
import { useState } from "react";
import { fieldHelper, FormErrorAlert, validatedField } from "../FormErrors";
import type { FormError } from "../FormErrors";
import type { FormEvent } from "react";
import { useTranslation } from "react-i18next";
import type { AgentInput } from "./api";
import { fieldOfError } from "./fields";
import type { Field } from "./fields";

type AgentFormProps = {
  initial?: AgentInput;
  readOnly?: boolean;
  submitLabel: string;
  onSubmit: (input: AgentInput) => Promise<void>;
  onCancel?: () => void;
};

export const AgentForm = ({
  initial,
  readOnly,
  submitLabel,
  onSubmit,
  onCancel,
}: AgentFormProps) => {
  const { t } = useTranslation();
  const [name, setName] = useState(initial?.name ?? "");
  const [description, setDescription] = useState(initial?.description ?? "");
  const [operator, setOperator] = useState(initial?.operator ?? "");
  const [networks, setNetworks] = useState(
    (initial?.allowed_networks ?? []).join("\n"),
  );
  const [error, setError] = useState<FormError<Field>>();
  const [saving, setSaving] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setSaving(true);
    try {
      // the server validates (same 400s as for any REST client); the form only shows its words
      await onSubmit({
        name,
        description: description || undefined,
        operator: operator || undefined,
        allowed_networks: networks
          .split(/[\s,]+/)
          .filter((value) => value.length > 0),
      });
      setError(undefined);
    } catch (e) {
      setError({ field: fieldOfError(e), message: (e as Error).message });
    } finally {
      setSaving(false);
    }
  };

  const helper = (field: Field, hint?: string) =>
    fieldHelper(error, field, hint);

  const validated = (field: Field) => validatedField(error, field);

  return (
    <Form isHorizontal onSubmit={submit} data-testid="agent-form">
      <FormErrorAlert error={error} />
      <FormGroup label={t("agentName")} isRequired fieldId="agent-name">
        <TextInput
          id="agent-name"
          data-testid="agent-name"
          value={name}
          isDisabled={readOnly}
          validated={validated("name")}
          onChange={(_e, v) => setName(v)}
        />
        {helper("name")}
      </FormGroup>
      <FormGroup label={t("agentDescription")} fieldId="agent-description">
        <TextInput
          id="agent-description"
          data-testid="agent-description"
          value={description}
          isDisabled={readOnly}
          validated={validated("description")}
          onChange={(_e, v) => setDescription(v)}
        />
        {helper("description")}
      </FormGroup>
      <FormGroup label={t("agentOperator")} fieldId="agent-operator">
        <TextInput
          id="agent-operator"
          data-testid="agent-operator"
          value={operator}
          isDisabled={readOnly}
          validated={validated("operator")}
          onChange={(_e, v) => setOperator(v)}
        />
        {helper("operator", t("agentOperatorHelp"))}
      </FormGroup>
      <FormGroup label={t("agentNetworks")} fieldId="agent-networks">
        <TextArea
          id="agent-networks"
          data-testid="agent-networks"
          value={networks}
          isDisabled={readOnly}
          validated={validated("allowedNetworks")}
          onChange={(_e, v) => setNetworks(v)}
          resizeOrientation="vertical"
        />
        {helper("allowedNetworks", t("agentNetworksHelp"))}
      </FormGroup>
      {!readOnly && (
        <ActionGroup>
          <Button type="submit" data-testid="agent-save" isDisabled={saving}>
            {submitLabel}
          </Button>
          {onCancel && (
            <Button variant="link" onClick={onCancel}>
              {t("cancel")}
            </Button>
          )}
        </ActionGroup>
      )}
    </Form>
  );
};
