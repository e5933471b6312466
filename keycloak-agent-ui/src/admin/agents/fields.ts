import { RestError } from "../../shared/http";

export type Field = "name" | "description" | "operator" | "allowedNetworks";

const FIELDS: readonly string[] = [
  "name",
  "description",
  "operator",
  "allowedNetworks",
];

/**
 * Which field a REST refusal is about: the member the server names in its error JSON ("field"), never a match
 * on its English words. A refusal without one (the admin REST sends only error: "invalid_request" for now) is
 * shown above the form.
 */
export function fieldOfError(error: unknown): Field | undefined {
  const field = error instanceof RestError ? error.field : undefined;
  return field && FIELDS.includes(field) ? (field as Field) : undefined;
}
