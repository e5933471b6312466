import { useTranslation } from "react-i18next";
import { describeLimits, fill } from "../../shared/format";
import type { DelegationDetails } from "../../shared/format";

/** A grant's limits in the consent page's words. */
export const LimitsList = ({
  details,
}: {
  details: DelegationDetails[] | undefined;
}) => {
  const { t, i18n } = useTranslation();
  return (
    <ul className="pf-v5-c-list pf-m-plain" data-testid="grant-limits">
      {describeLimits(details, i18n.language).map((line) => (
        <li key={line.key}>
          {fill(
            t(line.key),
            line.params.map((param) =>
              param.startsWith("agentConsentPeriod.") ? t(param) : param,
            ),
          )}
          {line.list ? ` ${line.list}` : ""}
        </li>
      ))}
    </ul>
  );
};
