import { defineConfig } from "vite";

// One build per console: `vite build --mode admin` and `vite build --mode account`. Each writes a theme's
// resources folder (entry + .vite/manifest.json, read by Keycloak's index.ftl of keycloak.v2 / keycloak.v3).
// React comes from Keycloak's import map, so the same React instance serves Keycloak's and our code.
export default defineConfig(({ mode }) => ({
  base: "",
  esbuild: { jsx: "automatic" },
  build: {
    outDir: `target/vite/${mode}`,
    emptyOutDir: true,
    manifest: true,
    target: "es2022",
    chunkSizeWarningLimit: 8000,
    rollupOptions: {
      input: `src/${mode}/main.tsx`,
      external: ["react", "react/jsx-runtime", "react-dom"],
    },
  },
  test: {
    include: ["src/**/*.test.ts"],
    environment: "node",
  },
}));
