// Pure helpers shared by the admin and account pages (unit-tested with Vitest).

export type Money = { value: string; currency: string };

/** One entry of a grant's authorization_details (RFC 9396), type agent_delegation. */
export type DelegationDetails = {
  type?: string;
  max_amount?: Money;
  budget?: Money & { period?: string };
  merchants?: string[];
};

/**
 * A message key and its parameters, rendered with the theme's messages. The consent page's messages are Java
 * MessageFormat ({0}); {@link fill} substitutes them. list is shown after the message (merchant names).
 */
export type Message = { key: string; params: string[]; list?: string };

/** Substitutes {0}, {1}… in a message template (the consent page's messages use Java MessageFormat). */
export function fill(template: string, params: string[]): string {
  return template.replace(
    /\{(\d+)\}/g,
    (whole, index) => params[Number(index)] ?? whole,
  );
}

/** Status values as the REST API writes them (lower case). */
export type AgentStatus = "active" | "suspended" | "revoked";
export type KeyStatus = "active" | "retired" | "revoked";
export type GrantStatus = "active" | "revoked" | "expired";

/** PatternFly label colour per status: green for usable, orange for paused, grey/red for ended. */
export function statusColor(
  status: string,
): "green" | "orange" | "red" | "grey" {
  switch (status.toUpperCase()) {
    case "ACTIVE":
      return "green";
    case "SUSPENDED":
    case "RETIRED":
      return "orange";
    case "REVOKED":
      return "red";
    default:
      return "grey";
  }
}

/** Message key of a status label, e.g. agentStatus.SUSPENDED; unknown statuses fall back to the raw value. */
export function statusKey(
  kind: "agent" | "key" | "grant",
  status: string,
): string {
  return `${kind}Status.${status.toUpperCase()}`;
}

/** Grant statuses come in lower case from the REST API ("active"), agent and key statuses in upper case. */
export function isActive(status: string): boolean {
  return status.toUpperCase() === "ACTIVE";
}

/** "50.00 EUR" as the user's locale writes it; an unknown currency code is shown as given. */
export function formatMoney(money: Money, locale = "en"): string {
  const amount = Number(money.value);
  if (!Number.isFinite(amount)) {
    return `${money.value} ${money.currency}`;
  }
  try {
    return new Intl.NumberFormat(locale, {
      style: "currency",
      currency: money.currency,
    }).format(amount);
  } catch {
    return `${money.value} ${money.currency}`;
  }
}

/**
 * The limits of a grant in the consent page's words (same message keys as the login theme):
 * per-purchase maximum, budget per period, merchants.
 */
export function describeLimits(
  details: DelegationDetails[] | undefined,
  locale = "en",
): Message[] {
  const lines: Message[] = [];
  for (const detail of details ?? []) {
    if (detail.type && detail.type !== "agent_delegation") {
      continue;
    }
    if (detail.max_amount) {
      lines.push({
        key: "agentConsentMaxAmount",
        params: [formatMoney(detail.max_amount, locale)],
      });
    }
    if (detail.budget) {
      const period = detail.budget.period ?? "month";
      lines.push({
        key: "agentConsentBudget",
        params: [
          formatMoney(detail.budget, locale),
          `agentConsentPeriod.${period}`,
        ],
      });
    }
    if (detail.merchants && detail.merchants.length > 0) {
      lines.push({
        key: "agentConsentMerchants",
        params: [],
        list: detail.merchants.join(", "),
      });
    } else {
      lines.push({ key: "agentConsentAnyMerchant", params: [] });
    }
  }
  return lines;
}

/** Message key of a delegable scope's plain words (agentScope.<name>), as on the consent page. */
export function scopeKey(scope: string): string {
  return `agentScope.${scope}`;
}

export type AgentKeyRepresentation = {
  kid: string;
  alg: string;
  status: string;
  not_before?: number;
  not_after?: number;
  created: number;
  /** The latest verified use any merchant reported (epoch seconds). */
  last_used?: number;
  /** Set by retire when the key was used at a merchant in the last hour. */
  warning?: string;
  /** A brokered key's provider (alias) and the provider's id of it (a JWKS kid, or the directory's thumbprint). */
  provider?: string;
  provider_key_id?: string;
};

/** Keys that verify signatures now: active, or retired but still inside the overlap window. */
export function usableKeys(
  keys: AgentKeyRepresentation[],
  nowSeconds: number,
): AgentKeyRepresentation[] {
  return keys.filter((key) => {
    if (key.status === "revoked") return false;
    if (key.not_before !== undefined && key.not_before > nowSeconds)
      return false;
    if (key.not_after !== undefined && key.not_after <= nowSeconds)
      return false;
    return true;
  });
}

/** Count of keys whose status is ACTIVE (the list column "active keys"). */
export function activeKeyCount(
  keys: AgentKeyRepresentation[] | undefined,
): number {
  return (keys ?? []).filter((key) => key.status === "active").length;
}

/** Epoch seconds or an ISO-8601 string as a local date and time; "—" when absent. */
export function formatTime(
  value: number | string | undefined,
  locale = "en",
): string {
  if (value === undefined || value === null || value === "") return "—";
  const date =
    typeof value === "number" ? new Date(value * 1000) : new Date(value);
  if (Number.isNaN(date.getTime())) return String(value);
  return date.toLocaleString(locale, {
    dateStyle: "medium",
    timeStyle: "short",
  });
}

/** A private JWK has any of these members (RFC 7517/7518); the server refuses it, the form warns first. */
export function isPrivateJwk(text: string): boolean {
  try {
    const jwk = JSON.parse(text);
    return (
      typeof jwk === "object" &&
      jwk !== null &&
      ["d", "p", "q", "dp", "dq", "qi", "k"].some((m) => m in jwk)
    );
  } catch {
    return false;
  }
}

/** The REST error body {error, error_description} as one line for an inline message. */
export function restErrorText(body: unknown, fallback: string): string {
  if (body && typeof body === "object") {
    const error = (body as Record<string, unknown>).error;
    const description = (body as Record<string, unknown>).error_description;
    if (typeof description === "string" && description) {
      return typeof error === "string"
        ? `${description} (${error})`
        : description;
    }
    if (typeof error === "string") return error;
  }
  return fallback;
}
