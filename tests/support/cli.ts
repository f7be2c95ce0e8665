/**
 * The real `rehearse` CLI run as a child process (async, so a fake OpenAI-compatible server in the
 * test's own process can answer it), offline unless the caller's env says otherwise.
 */
import { execFile } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { copyTrainedArtefacts } from "./artefacts";

const root = path.resolve(__dirname, "../..");
const run = promisify(execFile);

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** A fresh data directory holding the run's trained artefacts, so the CLI loads rather than trains them. */
export function cliDataDir(prefix: string): string {
  const dir = mkdtempSync(path.join(tmpdir(), prefix));
  copyTrainedArtefacts(dir);
  return dir;
}

export async function rehearse(dataDir: string, args: string[], env: Record<string, string> = {}): Promise<CliResult> {
  try {
    const { stdout, stderr } = await run(process.execPath, [path.join(root, "scripts/rehearse.mjs"), ...args], {
      cwd: root,
      env: { ...process.env, REHEARSE_DATA_DIR: dataDir, REHEARSE_EMBEDDINGS: "local", OPENAI_API_KEY: "", OPENAI_BASE_URL: "", ...env },
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as CliResult;
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}
