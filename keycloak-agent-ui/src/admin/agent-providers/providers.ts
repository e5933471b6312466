import { RestError } from "../../shared/http";

// Pure parts of the Agent providers pages (unit-tested with Vitest): the REST contract's types and values, the
// form's checks and the mapping of the server's refusals to the form's fields.

export type ProviderType = "web-bot-auth" | "jwks";

export type ProviderProfile = "web-bot-auth" | "visa-tap" | "agent-auth";

/**
 * disabled; pending (never fetched successfully); ok (the last fetch succeeded); stale (the last fetch failed,
 * the keys of the last success are still served); failed_closed (no success within the bound: keys not served).
 */
export type ProviderStatus =
  "disabled" | "pending" | "ok" | "stale" | "failed_closed";

/** GET /admin/realms/{realm}/agent-providers[/{alias}]: camelCase, times in epoch seconds. */
export type AgentProviderRepresentation = {
  alias: string;
  displayName: string;
  type: ProviderType;
  url: string;
  profile: ProviderProfile;
  enabled: boolean;
  status: ProviderStatus;
  created: number;
  updated: number;
  lastFetch?: number;
  lastSuccess?: number;
  /** "ok" or the code of what failed (unreachable, bad_status, signature_invalid…). */
  lastResult?: string;
  lastError?: string;
  keyCount: number;
  nextFetch?: number;
};

/** The body of POST (alias required) and PUT (alias absent or unchanged). */
export type AgentProviderInput = {
  alias?: string;
  displayName?: string;
  type: ProviderType;
  url: string;
  profile: ProviderProfile;
  enabled: boolean;
};

/** The answer of POST .../{alias}/refresh. */
export type RefreshResult = {
  result: string;
  error?: string;
  keyCount: number;
  skipped: number;
  retired: number;
  provider: AgentProviderRepresentation;
};

export const PROVIDER_TYPES: readonly ProviderType[] = ["web-bot-auth", "jwks"];

/**
 * The profiles that fit a type, the default first: the profile decides what a signature's keyid is, and a
 * directory names its keys by thumbprint, a JWKS by kid. The server checks the same (its 400 names "profile").
 */
export function profilesFor(type: ProviderType): ProviderProfile[] {
  return type === "jwks" ? ["visa-tap"] : ["web-bot-auth", "agent-auth"];
}

/** The profile after a change of type: the same one if it fits the new type, else that type's default. */
export function profileForType(
  type: ProviderType,
  profile: ProviderProfile,
): ProviderProfile {
  const fitting = profilesFor(type);
  return fitting.includes(profile) ? profile : fitting[0];
}

export type ProviderField =
  "alias" | "displayName" | "type" | "url" | "profile" | "enabled";

const FIELDS: readonly string[] = [
  "alias",
  "displayName",
  "type",
  "url",
  "profile",
  "enabled",
];

/**
 * Which field a REST refusal is about: the member the server names in its error JSON ("field"; this API's
 * members are camelCase, as the form's fields), never a match on its words. A refusal without one (or about a
 * member the form does not have) is shown above the form.
 */
export function fieldOfProviderError(
  error: unknown,
): ProviderField | undefined {
  const field = error instanceof RestError ? error.field : undefined;
  return field && FIELDS.includes(field) ? (field as ProviderField) : undefined;
}

/** The server's alias rule: 1 to 64 letters, digits, '-' or '_', starting with a letter or digit. */
const ALIAS = /^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/;

/** A problem the form finds before asking the server: the field and the message key. */
export type FormProblem = { field: ProviderField; messageKey: string };

/**
 * What the form checks itself, so the user learns it without a round trip: a required or malformed alias (when
 * adding), a display name over 255 characters, a missing URL or one that is not an absolute http(s) URL. The
 * server checks everything again (https except for loopback, no user info…) and its refusal is shown at the
 * field it names.
 */
export function checkProviderInput(
  input: AgentProviderInput,
  adding: boolean,
): FormProblem | undefined {
  if (adding) {
    if (!input.alias) {
      return { field: "alias", messageKey: "agentProviderAliasRequired" };
    }
    if (!ALIAS.test(input.alias)) {
      return { field: "alias", messageKey: "agentProviderAliasInvalid" };
    }
  }
  if ((input.displayName ?? "").trim().length > 255) {
    return { field: "displayName", messageKey: "agentProviderNameTooLong" };
  }
  if (!input.url.trim()) {
    return { field: "url", messageKey: "agentProviderUrlRequired" };
  }
  if (!isHttpUrl(input.url.trim())) {
    return { field: "url", messageKey: "agentProviderUrlInvalid" };
  }
  return undefined;
}

function isHttpUrl(text: string): boolean {
  try {
    const url = new URL(text);
    return url.protocol === "https:" || url.protocol === "http:";
  } catch {
    return false;
  }
}

/** The input to save a provider as it is with only `enabled` changed (PUT replaces the whole provider). */
export function withEnabled(
  provider: AgentProviderRepresentation,
  enabled: boolean,
): AgentProviderInput {
  return {
    alias: provider.alias,
    displayName: provider.displayName,
    type: provider.type,
    url: provider.url,
    profile: provider.profile,
    enabled,
  };
}

/** PatternFly label colour of a provider's status: serving fresh keys, serving old keys, serving none. */
export function providerStatusColor(
  status: string,
): "green" | "orange" | "red" | "blue" | "grey" {
  switch (status) {
    case "ok":
      return "green";
    case "stale":
      return "orange";
    case "failed_closed":
      return "red";
    case "pending":
      return "blue";
    default:
      return "grey";
  }
}

/** Whether a fetch result code (lastResult, or a refresh's result) is a success. */
export function isFetchOk(result: string | undefined): boolean {
  return result === "ok";
}

/**
 * One page of the providers whose alias or display name contains the search (case-insensitive), as
 * KeycloakDataTable's paginated loader answers it: from first, max + 1 entries (one more tells it there is a
 * next page). The REST answers the whole list; searching here keeps the search when the list is loaded again
 * after a change.
 */
export function providersPage(
  providers: AgentProviderRepresentation[],
  first: number,
  max: number,
  search?: string,
): AgentProviderRepresentation[] {
  const needle = (search ?? "").trim().toLowerCase();
  return providers
    .filter(
      (provider) =>
        needle === "" ||
        provider.alias.toLowerCase().includes(needle) ||
        provider.displayName.toLowerCase().includes(needle),
    )
    .slice(first, first + max + 1);
}
