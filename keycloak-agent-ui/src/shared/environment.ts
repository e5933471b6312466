// Keycloak's index.ftl (keycloak.v2 admin, keycloak.v3 account) injects the console's settings as JSON in
// <script id="environment">. Read here, then handed to the packages' own KeycloakProvider.
export function injectedEnvironment<T>(): T {
  const text = document.getElementById("environment")?.textContent;
  if (typeof text !== "string") {
    throw new Error("Keycloak's environment script is missing from the page");
  }
  return JSON.parse(text) as T;
}
