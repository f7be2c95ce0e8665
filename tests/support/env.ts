import { resetEnvForTests } from "@/lib/env";

/**
 * Sets environment variables for a test (undefined removes one) and makes lib/env read them again.
 * Returns a function that puts back what was there before.
 */
export function setEnv(vars: Record<string, string | undefined>): () => void {
  const previous = Object.fromEntries(Object.keys(vars).map((k) => [k, process.env[k]]));
  const apply = (values: Record<string, string | undefined>) => {
    for (const [k, v] of Object.entries(values)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
    resetEnvForTests();
  };
  apply(vars);
  return () => apply(previous);
}
