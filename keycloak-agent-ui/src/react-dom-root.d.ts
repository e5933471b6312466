// Keycloak's import map serves React DOM as one ES module ("react-dom") whose exports include createRoot;
// there is no "react-dom/client" entry in it, so the code imports createRoot from "react-dom".
import type { createRoot as clientCreateRoot } from "react-dom/client";

declare module "react-dom" {
  export const createRoot: typeof clientCreateRoot;
}
