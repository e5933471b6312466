import { describe, expect, it } from "vitest";
import { RestError } from "../../shared/http";
import type {
  AgentProviderInput,
  AgentProviderRepresentation,
} from "./providers";
import {
  checkProviderInput,
  fieldOfProviderError,
  isFetchOk,
  profileForType,
  profilesFor,
  providersPage,
  providerStatusColor,
  withEnabled,
} from "./providers";

const input = (
  changes: Partial<AgentProviderInput> = {},
): AgentProviderInput => ({
  alias: "crawler",
  displayName: "Crawler",
  type: "web-bot-auth",
  url: "https://crawler.example/.well-known/http-message-signatures-directory",
  profile: "web-bot-auth",
  enabled: true,
  ...changes,
});

describe("profilesFor / profileForType", () => {
  it("offers the profiles that fit the type, its default first", () => {
    expect(profilesFor("web-bot-auth")).toEqual(["web-bot-auth", "agent-auth"]);
    expect(profilesFor("jwks")).toEqual(["visa-tap"]);
  });

  it("keeps a profile that fits the new type, else takes its default", () => {
    expect(profileForType("web-bot-auth", "agent-auth")).toBe("agent-auth");
    expect(profileForType("jwks", "agent-auth")).toBe("visa-tap");
    expect(profileForType("web-bot-auth", "visa-tap")).toBe("web-bot-auth");
  });
});

describe("fieldOfProviderError", () => {
  it("maps the camelCase member the server names", () => {
    expect(
      fieldOfProviderError(
        new RestError(400, "'url' must use https", "invalid_request", "url"),
      ),
    ).toBe("url");
    expect(
      fieldOfProviderError(
        new RestError(409, "alias taken", "conflict", "alias"),
      ),
    ).toBe("alias");
    expect(
      fieldOfProviderError(
        new RestError(400, "too long", "invalid_request", "displayName"),
      ),
    ).toBe("displayName");
  });

  it("does not read the words of the message, nor other members or errors", () => {
    expect(
      fieldOfProviderError(
        new RestError(400, "'url' is required", "invalid_request"),
      ),
    ).toBeUndefined();
    expect(
      fieldOfProviderError(
        new RestError(400, "bad", "invalid_request", "display_name"),
      ),
    ).toBeUndefined();
    expect(fieldOfProviderError(new Error("network"))).toBeUndefined();
  });
});

describe("checkProviderInput", () => {
  it("accepts a complete provider, and an http URL (the server decides about loopback)", () => {
    expect(checkProviderInput(input(), true)).toBeUndefined();
    expect(
      checkProviderInput(input({ url: "http://127.0.0.1:8080/jwks" }), true),
    ).toBeUndefined();
  });

  it("needs a valid alias when adding, not when editing", () => {
    expect(checkProviderInput(input({ alias: "" }), true)).toEqual({
      field: "alias",
      messageKey: "agentProviderAliasRequired",
    });
    for (const alias of ["a.b", "-x", "with space", "x".repeat(65)]) {
      expect(checkProviderInput(input({ alias }), true)?.field).toBe("alias");
    }
    expect(checkProviderInput(input({ alias: "x".repeat(64) }), true)).toBe(
      undefined,
    );
    expect(checkProviderInput(input({ alias: "" }), false)).toBeUndefined();
  });

  it("refuses a display name over 255 characters", () => {
    expect(
      checkProviderInput(input({ displayName: "n".repeat(256) }), true),
    ).toEqual({ field: "displayName", messageKey: "agentProviderNameTooLong" });
  });

  it("needs an absolute http(s) URL", () => {
    expect(checkProviderInput(input({ url: " " }), true)).toEqual({
      field: "url",
      messageKey: "agentProviderUrlRequired",
    });
    for (const url of ["crawler.example/keys", "ftp://crawler.example/keys"]) {
      expect(checkProviderInput(input({ url }), false)).toEqual({
        field: "url",
        messageKey: "agentProviderUrlInvalid",
      });
    }
  });
});

describe("withEnabled", () => {
  it("is the whole provider (PUT replaces it) with only enabled changed", () => {
    const provider: AgentProviderRepresentation = {
      alias: "tap",
      displayName: "Scheme",
      type: "jwks",
      url: "https://scheme.example/keys",
      profile: "visa-tap",
      enabled: true,
      status: "ok",
      created: 1,
      updated: 2,
      keyCount: 3,
    };
    expect(withEnabled(provider, false)).toEqual({
      alias: "tap",
      displayName: "Scheme",
      type: "jwks",
      url: "https://scheme.example/keys",
      profile: "visa-tap",
      enabled: false,
    });
  });
});

describe("providerStatusColor / isFetchOk", () => {
  it("colours by what merchants get: fresh, old or no keys", () => {
    expect(providerStatusColor("ok")).toBe("green");
    expect(providerStatusColor("stale")).toBe("orange");
    expect(providerStatusColor("failed_closed")).toBe("red");
    expect(providerStatusColor("pending")).toBe("blue");
    expect(providerStatusColor("disabled")).toBe("grey");
    expect(providerStatusColor("something-new")).toBe("grey");
  });

  it("reads only the code ok as a success", () => {
    expect(isFetchOk("ok")).toBe(true);
    expect(isFetchOk("unreachable")).toBe(false);
    expect(isFetchOk(undefined)).toBe(false);
  });
});

describe("providersPage", () => {
  const provider = (alias: string, displayName: string) =>
    ({ alias, displayName }) as AgentProviderRepresentation;
  const all = [
    provider("crawler-1", "Shopping crawler"),
    provider("tap", "Card scheme"),
    provider("crawler-2", "Price watcher"),
  ];

  it("finds by alias or display name, in any case", () => {
    expect(providersPage(all, 0, 10, "CRAWLER").map((p) => p.alias)).toEqual([
      "crawler-1",
      "crawler-2",
    ]);
    expect(providersPage(all, 0, 10, "scheme").map((p) => p.alias)).toEqual([
      "tap",
    ]);
    expect(providersPage(all, 0, 10, " ")).toHaveLength(3);
    expect(providersPage(all, 0, 10)).toHaveLength(3);
  });

  it("answers max + 1 from first, as the table pages", () => {
    expect(providersPage(all, 0, 1).map((p) => p.alias)).toEqual([
      "crawler-1",
      "tap",
    ]);
    expect(providersPage(all, 2, 1).map((p) => p.alias)).toEqual(["crawler-2"]);
  });
});
