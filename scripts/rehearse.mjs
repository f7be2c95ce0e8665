#!/usr/bin/env node
// The `rehearse` bin: runs the TypeScript CLI through tsx without npm's banner on stdout,
// so `rehearse search --json ...` prints nothing but JSON. The react-server condition makes
// `import "server-only"` (lib/db/client.ts, lib/ai/providers.ts) resolve to its empty module, as in Next.
import { spawnSync } from "node:child_process";
import { createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const tsx = createRequire(import.meta.url).resolve("tsx");
const result = spawnSync(process.execPath, ["--conditions=react-server", "--import", tsx, path.join(root, "lib/cli/main.ts"), ...process.argv.slice(2)], {
  stdio: "inherit",
  env: { ...process.env, TSX_TSCONFIG_PATH: path.join(root, "tsconfig.json") },
});
process.exit(result.status ?? 1);
