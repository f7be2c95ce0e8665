/**
 * Imported for its side effect before `@ai-sdk/openai`: that package creates a default provider
 * when it loads, reading OPENAI_BASE_URL from process.env and throwing on an empty string. env()
 * treats an empty variable as unset, so make process.env say the same before the SDK loads.
 */
for (const name of ["OPENAI_BASE_URL", "OPENAI_API_KEY"]) {
  if (process.env[name]?.trim() === "") delete process.env[name];
}

export {};
