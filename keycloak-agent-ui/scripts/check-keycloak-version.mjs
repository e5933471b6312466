// Fails the build when the Keycloak UI packages are not exactly the Keycloak version the extension targets
// (Maven's keycloak.version, passed as the first argument): the admin and account consoles are built from them
// and must match the server's REST API and theme files.
import { readFileSync } from "node:fs";

const expected = process.argv[2];
if (!expected) {
  console.error(
    "usage: node scripts/check-keycloak-version.mjs <keycloak.version>",
  );
  process.exit(2);
}
const pkg = JSON.parse(
  readFileSync(new URL("../package.json", import.meta.url), "utf8"),
);
const lock = JSON.parse(
  readFileSync(new URL("../package-lock.json", import.meta.url), "utf8"),
);
const problems = [];
for (const name of [
  "@keycloak/keycloak-admin-ui",
  "@keycloak/keycloak-account-ui",
  "@keycloak/keycloak-ui-shared",
]) {
  const declared = pkg.dependencies?.[name];
  const locked = lock.packages?.[`node_modules/${name}`]?.version;
  if (declared !== expected)
    problems.push(
      `package.json: ${name} is "${declared}", keycloak.version is ${expected}`,
    );
  if (locked !== expected)
    problems.push(
      `package-lock.json: ${name} is ${locked}, keycloak.version is ${expected}`,
    );
}
for (const [path, entry] of Object.entries(lock.packages ?? {})) {
  if (
    /node_modules\/@keycloak\/keycloak-(ui-shared|admin-client)$/.test(path) &&
    entry.version !== expected
  ) {
    problems.push(
      `package-lock.json: ${path} is ${entry.version}, keycloak.version is ${expected}`,
    );
  }
}
if (problems.length > 0) {
  console.error(
    "Keycloak UI packages do not match keycloak.version:\n  " +
      problems.join("\n  "),
  );
  process.exit(1);
}
console.log(`Keycloak UI packages match keycloak.version ${expected}`);
