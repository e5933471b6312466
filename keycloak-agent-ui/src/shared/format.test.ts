import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import {
  activeKeyCount,
  describeLimits,
  fill,
  formatMoney,
  isPrivateJwk,
  restErrorText,
  statusColor,
  statusKey,
  usableKeys,
} from "./format";

describe("statusColor and statusKey", () => {
  it("colours usable statuses green and ended ones red", () => {
    expect(statusColor("ACTIVE")).toBe("green");
    expect(statusColor("SUSPENDED")).toBe("orange");
    expect(statusColor("RETIRED")).toBe("orange");
    expect(statusColor("REVOKED")).toBe("red");
    expect(statusColor("EXPIRED")).toBe("grey");
  });

  it("names a message per kind and status", () => {
    expect(statusKey("agent", "SUSPENDED")).toBe("agentStatus.SUSPENDED");
    expect(statusKey("grant", "EXPIRED")).toBe("grantStatus.EXPIRED");
    // grant statuses are lower case in the REST API
    expect(statusKey("grant", "revoked")).toBe("grantStatus.REVOKED");
    expect(statusColor("active")).toBe("green");
  });
});

describe("describeLimits", () => {
  it("words a per-purchase maximum, a monthly budget and the merchants like the consent page", () => {
    const lines = describeLimits([
      {
        type: "agent_delegation",
        max_amount: { value: "50.00", currency: "EUR" },
        budget: { value: "200.00", currency: "EUR", period: "month" },
        merchants: ["demo-merchant", "other-shop"],
      },
    ]);
    expect(lines).toEqual([
      { key: "agentConsentMaxAmount", params: ["€50.00"] },
      {
        key: "agentConsentBudget",
        params: ["€200.00", "agentConsentPeriod.month"],
      },
      {
        key: "agentConsentMerchants",
        params: [],
        list: "demo-merchant, other-shop",
      },
    ]);
  });

  it("says any merchant when the grant names none", () => {
    expect(
      describeLimits([
        {
          type: "agent_delegation",
          max_amount: { value: "5", currency: "USD" },
        },
      ]),
    ).toEqual([
      { key: "agentConsentMaxAmount", params: ["$5.00"] },
      { key: "agentConsentAnyMerchant", params: [] },
    ]);
  });

  it("ignores other authorization_details types and absent details", () => {
    expect(describeLimits([{ type: "payment_initiation" }])).toEqual([]);
    expect(describeLimits(undefined)).toEqual([]);
  });
});

describe("fill", () => {
  it("substitutes MessageFormat parameters and keeps unknown ones", () => {
    expect(fill("At most {0} in total per {1}", ["€200.00", "month"])).toBe(
      "At most €200.00 in total per month",
    );
    expect(fill("{0} and {2}", ["a"])).toBe("a and {2}");
  });
});

describe("formatMoney", () => {
  it("keeps an unknown currency code as given", () => {
    expect(formatMoney({ value: "10.00", currency: "XXXX" })).toBe(
      "10.00 XXXX",
    );
    expect(formatMoney({ value: "abc", currency: "EUR" })).toBe("abc EUR");
  });
});

describe("keys", () => {
  const keys = [
    { kid: "a", alg: "Ed25519", status: "active", created: 1 },
    {
      kid: "b",
      alg: "Ed25519",
      status: "retired",
      not_after: 2000,
      created: 1,
    },
    { kid: "c", alg: "Ed25519", status: "retired", not_after: 500, created: 1 },
    { kid: "d", alg: "Ed25519", status: "revoked", created: 1 },
  ];

  it("counts only ACTIVE keys as active", () => {
    expect(activeKeyCount(keys)).toBe(1);
    expect(activeKeyCount(undefined)).toBe(0);
  });

  it("treats a retired key as usable until its overlap ends", () => {
    expect(usableKeys(keys, 1000).map((k) => k.kid)).toEqual(["a", "b"]);
  });
});

describe("isPrivateJwk", () => {
  it("spots private members", () => {
    expect(
      isPrivateJwk('{"kty":"OKP","crv":"Ed25519","x":"abc","d":"secret"}'),
    ).toBe(true);
    expect(isPrivateJwk('{"kty":"OKP","crv":"Ed25519","x":"abc"}')).toBe(false);
    expect(isPrivateJwk("not json")).toBe(false);
  });
});

describe("restErrorText", () => {
  it("shows the description and the stable code", () => {
    expect(
      restErrorText(
        {
          error: "key_private_material",
          error_description: "The JWK has private members",
        },
        "x",
      ),
    ).toBe("The JWK has private members (key_private_material)");
    expect(restErrorText(null, "fallback")).toBe("fallback");
  });
});

describe("messages", () => {
  const read = (path: string) =>
    Object.fromEntries(
      readFileSync(new URL(path, import.meta.url), "utf8")
        .split("\n")
        .filter(
          (line) =>
            line.startsWith("agentScope.") || line.startsWith("agentConsent"),
        )
        .map((line) => line.split(/=(.*)/s).slice(0, 2)),
    );

  it("words scopes and limits in the account console exactly as on the consent page", () => {
    const login = read(
      "../../../themes/agentauth/login/messages/messages_en.properties",
    );
    const account = read(
      "../../theme/agentauth/account/messages/messages_en.properties",
    );
    for (const key of Object.keys(login).filter(
      (k) =>
        k.startsWith("agentScope.") ||
        /MaxAmount|Budget|Period|Merchant/.test(k),
    )) {
      expect(account[key], key).toBe(login[key]);
    }
  });
});
