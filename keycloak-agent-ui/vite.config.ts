import { defineConfig } from "vitest/config";

// One build per console: CONSOLE=admin vite build, CONSOLE=account vite build (the mode stays "production").
// react-router 7 ships one build, under dist/development, and its "use client" warnings are harmless. Each writes a theme's
// resources folder (entry + .vite/manifest.json, read by Keycloak's index.ftl of keycloak.v2 / keycloak.v3).
// React comes from Keycloak's import map, so the same React instance serves Keycloak's and our code.
const consoleName = process.env.CONSOLE ?? "admin";

export default defineConfig({
  base: "",
  esbuild: { jsx: "automatic" },
  build: {
    outDir: `target/vite/${consoleName}`,
    emptyOutDir: true,
    manifest: true,
    target: "es2022",
    chunkSizeWarningLimit: 8000,
    rollupOptions: {
      input: `src/${consoleName}/main.tsx`,
      external: ["react", "react/jsx-runtime", "react-dom"],
    },
  },
  test: {
    include: ["src/**/*.test.ts"],
    environment: "node",
  },
});
