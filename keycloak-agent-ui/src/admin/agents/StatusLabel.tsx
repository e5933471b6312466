import { Label } from "@patternfly/react-core";
import { useTranslation } from "react-i18next";
import { statusColor, statusKey } from "../../shared/format";

export const StatusLabel = ({
  kind,
  status,
}: {
  kind: "agent" | "key" | "grant";
  status: string;
}) => {
  const { t } = useTranslation();
  return (
    <Label
      color={statusColor(status)}
      data-testid={`${kind}-status`}
      data-status={status.toUpperCase()}
    >
      {t(statusKey(kind, status), { defaultValue: status })}
    </Label>
  );
};
