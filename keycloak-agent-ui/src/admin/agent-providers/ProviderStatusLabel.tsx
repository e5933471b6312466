import { Label } from "@patternfly/react-core";
import { useTranslation } from "react-i18next";
import { providerStatusColor } from "./providers";

export const ProviderStatusLabel = ({ status }: { status: string }) => {
  const { t } = useTranslation();
  return (
    <Label
      color={providerStatusColor(status)}
      data-testid="provider-status"
      data-status={status}
    >
      {t(`agentProviderStatus.${status}`, { defaultValue: status })}
    </Label>
  );
};
