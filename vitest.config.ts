import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

export default defineConfig({
  resolve: {
    alias: {
      "@": fileURLToPath(new URL("./", import.meta.url)),
      // Tests run server modules, as Next's server does: `import "server-only"` is its empty module there.
      "server-only": fileURLToPath(new URL("./node_modules/server-only/empty.js", import.meta.url)),
    },
  },
  test: {
    include: ["tests/unit/**/*.test.ts", "tests/integration/**/*.test.ts"],
    testTimeout: 30_000,
    globalSetup: ["tests/support/global-setup.ts"],
    // The JSON report feeds the closing "N passed, N failed" line of CI (scripts/test-summary.mjs).
    reporters: ["default", ["json", { outputFile: "test-reports/vitest.json" }]],
    hookTimeout: 60_000,
  },
});
