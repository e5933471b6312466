import { createInstance } from "i18next";
import FetchBackend from "i18next-fetch-backend";
import { initReactI18next } from "react-i18next";

type KeyValue = { key: string; value: string };

/**
 * The theme's messages (ours plus the parent theme's, merged by Keycloak) from
 * /resources/{realm}/{admin|account}/{lng}. react-i18next is shared with the admin-ui/account-ui packages
 * (they import it, they do not bundle it), so their pages read the same instance.
 */
export function createI18n(
  serverBaseUrl: string,
  realm: string,
  type: "admin" | "account",
  locale?: string,
) {
  const i18n = createInstance({
    lng: locale,
    fallbackLng: "en",
    // scope names such as "products:read" are message keys: ':' must not select a namespace
    nsSeparator: false,
    keySeparator: ".",
    interpolation: { escapeValue: false },
    backend: {
      loadPath: `${serverBaseUrl}/resources/${encodeURIComponent(realm)}/${type}/{{lng}}`,
      parse: (data: string) => {
        const result: Record<string, string> = {};
        (JSON.parse(data) as KeyValue[]).forEach(
          (entry) => (result[entry.key] = entry.value),
        );
        return result;
      },
    },
  });
  i18n.use(FetchBackend);
  i18n.use(initReactI18next);
  return i18n;
}
