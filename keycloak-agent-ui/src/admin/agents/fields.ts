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
 * on its English words (the admin REST names it in snake_case, e.g. "allowed_networks"). A refusal without one is
 * shown above the form.
 */
export function fieldOfError(error: unknown): Field | undefined {
  const named = error instanceof RestError ? error.field : undefined;
  // the REST API names members in snake_case; the form's own field keeps its name
  const field = named === "allowed_networks" ? "allowedNetworks" : named;
  return field && FIELDS.includes(field) ? (field as Field) : undefined;
}
