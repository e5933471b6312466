import { useTranslation } from "react-i18next";
import { formatTime } from "../../shared/format";
import type { AgentProviderRepresentation } from "./providers";
import { isFetchOk } from "./providers";

/** When the provider was last fetched and what came of it: "OK", or the failure's code and the server's words. */
export const LastFetch = ({
  provider,
}: {
  provider: AgentProviderRepresentation;
}) => {
  const { t, i18n } = useTranslation();
  if (provider.lastFetch === undefined) {
    return (
      <span data-testid="provider-last-fetch">
        {t("agentProviderNeverFetched")}
      </span>
    );
  }
  const ok = isFetchOk(provider.lastResult);
  return (
    <div data-testid="provider-last-fetch" data-result={provider.lastResult}>
      <div>{formatTime(provider.lastFetch, i18n.language)}</div>
      <div
        className={`pf-v5-u-font-size-sm ${ok ? "pf-v5-u-success-color-100" : "pf-v5-u-danger-color-100"}`}
        data-testid="provider-last-result"
      >
        {ok
          ? t("agentProviderResult.ok")
          : t("agentProviderFailed", {
              result: provider.lastResult,
              error: provider.lastError ?? "",
            })}
      </div>
    </div>
  );
};
