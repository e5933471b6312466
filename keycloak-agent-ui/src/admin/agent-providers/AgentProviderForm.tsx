import {
  ActionGroup,
  Button,
  Form,
  FormGroup,
  FormSelect,
  FormSelectOption,
  Switch,
  TextInput,
} from "@patternfly/react-core";
import { useState } from "react";
import { fieldHelper, FormErrorAlert, validatedField } from "../FormErrors";
import type { FormError } from "../FormErrors";
import type { FormEvent } from "react";
import { useTranslation } from "react-i18next";
import type {
  AgentProviderInput,
  ProviderField,
  ProviderProfile,
  ProviderType,
} from "./providers";
import {
  checkProviderInput,
  fieldOfProviderError,
  PROVIDER_TYPES,
  profileForType,
  profilesFor,
} from "./providers";

type AgentProviderFormProps = {
  /** The provider being edited (its alias cannot change); absent when adding. */
  initial?: AgentProviderInput;
  readOnly?: boolean;
  submitLabel: string;
  onSubmit: (input: AgentProviderInput) => Promise<void>;
  onCancel?: () => void;
};

export const AgentProviderForm = ({
  initial,
  readOnly,
  submitLabel,
  onSubmit,
  onCancel,
}: AgentProviderFormProps) => {
  const { t } = useTranslation();
  const adding = initial === undefined;
  const [alias, setAlias] = useState(initial?.alias ?? "");
  const [displayName, setDisplayName] = useState(initial?.displayName ?? "");
  const [type, setType] = useState<ProviderType>(
    initial?.type ?? "web-bot-auth",
  );
  const [url, setUrl] = useState(initial?.url ?? "");
  const [profile, setProfile] = useState<ProviderProfile>(
    initial?.profile ?? "web-bot-auth",
  );
  const [enabled, setEnabled] = useState(initial?.enabled ?? true);
  const [error, setError] = useState<FormError<ProviderField>>();
  const [saving, setSaving] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const input: AgentProviderInput = {
      alias: alias.trim(),
      displayName: displayName.trim() || undefined,
      type,
      url: url.trim(),
      profile,
      enabled,
    };
    const problem = checkProviderInput(input, adding);
    if (problem) {
      setError({ field: problem.field, message: t(problem.messageKey) });
      return;
    }
    setSaving(true);
    try {
      // the server validates again (same 400s as for any REST client) and names the field it refuses
      await onSubmit(input);
      setError(undefined);
    } catch (e) {
      setError({
        field: fieldOfProviderError(e),
        message: (e as Error).message,
      });
    } finally {
      setSaving(false);
    }
  };

  const helper = (field: ProviderField, hint?: string) =>
    fieldHelper(error, field, hint);

  const validated = (field: ProviderField) => validatedField(error, field);

  return (
    <Form isHorizontal onSubmit={submit} data-testid="provider-form">
      <FormErrorAlert error={error} />
      <FormGroup
        label={t("agentProviderAlias")}
        isRequired
        fieldId="provider-alias"
      >
        <TextInput
          id="provider-alias"
          data-testid="provider-alias"
          value={alias}
          isDisabled={readOnly || !adding}
          validated={validated("alias")}
          onChange={(_e, v) => setAlias(v)}
        />
        {helper("alias", adding ? t("agentProviderAliasHelp") : undefined)}
      </FormGroup>
      <FormGroup
        label={t("agentProviderDisplayName")}
        fieldId="provider-display-name"
      >
        <TextInput
          id="provider-display-name"
          data-testid="provider-display-name"
          value={displayName}
          isDisabled={readOnly}
          validated={validated("displayName")}
          onChange={(_e, v) => setDisplayName(v)}
        />
        {helper("displayName", t("agentProviderDisplayNameHelp"))}
      </FormGroup>
      <FormGroup
        label={t("agentProviderType")}
        isRequired
        fieldId="provider-type"
      >
        <FormSelect
          id="provider-type"
          data-testid="provider-type"
          value={type}
          isDisabled={readOnly}
          validated={validated("type")}
          onChange={(_e, v) => {
            const next = v as ProviderType;
            setType(next);
            setProfile((current) => profileForType(next, current));
          }}
        >
          {PROVIDER_TYPES.map((value) => (
            <FormSelectOption
              key={value}
              value={value}
              label={t(`agentProviderTypeName.${value}`, {
                defaultValue: value,
              })}
            />
          ))}
        </FormSelect>
        {helper("type")}
      </FormGroup>
      <FormGroup
        label={t("agentProviderUrl")}
        isRequired
        fieldId="provider-url"
      >
        <TextInput
          id="provider-url"
          data-testid="provider-url"
          type="url"
          value={url}
          isDisabled={readOnly}
          validated={validated("url")}
          onChange={(_e, v) => setUrl(v)}
        />
        {helper("url", t(`agentProviderUrlHelp.${type}`))}
      </FormGroup>
      <FormGroup
        label={t("agentProviderProfile")}
        isRequired
        fieldId="provider-profile"
      >
        <FormSelect
          id="provider-profile"
          data-testid="provider-profile"
          value={profile}
          isDisabled={readOnly}
          validated={validated("profile")}
          onChange={(_e, v) => setProfile(v as ProviderProfile)}
        >
          {profilesFor(type).map((value) => (
            <FormSelectOption
              key={value}
              value={value}
              label={t(`agentProviderProfileName.${value}`, {
                defaultValue: value,
              })}
            />
          ))}
        </FormSelect>
        {helper("profile", t("agentProviderProfileHelp"))}
      </FormGroup>
      {adding && (
        <FormGroup label={t("enabled")} fieldId="provider-enabled">
          <Switch
            id="provider-enabled"
            data-testid="provider-enabled"
            isChecked={enabled}
            isDisabled={readOnly}
            label={t("on")}
            labelOff={t("off")}
            onChange={(_e, v) => setEnabled(v)}
          />
          {helper("enabled", t("agentProviderEnabledHelp"))}
        </FormGroup>
      )}
      {!readOnly && (
        <ActionGroup>
          <Button type="submit" data-testid="provider-save" isDisabled={saving}>
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
