import { parseArgs, type ParseArgsConfig } from "node:util";

/** Bad arguments: the CLI prints the message and the command's usage and exits with code 2. */
export class UsageError extends Error {
  constructor(
    message: string,
    readonly usage: string,
  ) {
    super(message);
    this.name = "UsageError";
  }
}

/** `parseArgs` with its errors turned into UsageError, so every command reports them the same way. */
export function parseCommandArgs<T extends ParseArgsConfig>(config: T, usage: string): ReturnType<typeof parseArgs<T>> {
  try {
    return parseArgs(config);
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error), usage);
  }
}
