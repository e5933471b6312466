import { describe, expect, it } from "vitest";
import { RestError } from "../../shared/http";
import { fieldOfError } from "./fields";

describe("fieldOfError", () => {
  it("maps the member the server names", () => {
    expect(
      fieldOfError(
        new RestError(
          400,
          "'x' is not a CIDR block",
          "invalid_request",
          "allowedNetworks",
        ),
      ),
    ).toBe("allowedNetworks");
  });

  it("maps the REST API's snake_case member to the form's field", () => {
    expect(
      fieldOfError(
        new RestError(
          400,
          "'x' is not a CIDR block",
          "invalid_request",
          "allowed_networks",
        ),
      ),
    ).toBe("allowedNetworks");
  });

  it("does not read the words of the message", () => {
    expect(
      fieldOfError(
        new RestError(
          400,
          "'name' must be 1 to 255 characters",
          "invalid_request",
        ),
      ),
    ).toBeUndefined();
  });

  it("ignores members the form does not have, and other errors", () => {
    expect(
      fieldOfError(new RestError(400, "bad", "invalid_request", "keys")),
    ).toBeUndefined();
    expect(fieldOfError(new Error("network"))).toBeUndefined();
  });
});
