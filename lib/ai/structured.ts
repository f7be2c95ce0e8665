import {
  APICallError,
  InvalidToolInputError,
  jsonSchema,
  NoSuchToolError,
  Output,
  parsePartialJson,
  streamText,
  tool,
  type LanguageModel,
  type OutputInterface,
} from "ai";
import { z } from "zod";
import { describeForLog, LlmOutputError } from "./failure";

/**
 * Structured output from any OpenAI-compatible server. OpenAI honours `json_schema`; many local
 * servers (Ollama models, LM Studio) answer 400 to it, or ignore it and reply with prose or fenced
 * JSON. So there are three ways to ask, tried in this order until one works, and the one that worked
 * is remembered per model and host for the life of the process (the next call does not pay the
 * failed attempts again):
 * - `json_schema`: strict structured output (response_format json_schema);
 * - `json_object`: JSON mode (response_format json_object), the schema described in the prompt;
 * - `tool`: one forced tool call whose arguments are the object.
 * In every mode the reply is read as a stream of JSON text (message content, or the tool call's
 * arguments) and parsed here, leniently: a JSON object inside fences or a sentence is accepted.
 */
export const STRUCTURED_MODES = ["json_schema", "json_object", "tool"] as const;
export type StructuredMode = (typeof STRUCTURED_MODES)[number];

/** Thrown when a server cannot do a mode: it answered 4xx naming response_format, json_schema or tools. */
export class StructuredModeUnsupportedError extends Error {
  constructor(
    readonly mode: StructuredMode,
    readonly cause: unknown,
  ) {
    super(`structured output mode ${mode} is not supported`);
    this.name = "StructuredModeUnsupportedError";
  }
}

const workingModes = new Map<string, StructuredMode>();

/** The modes to try for a model, the one that last worked first. */
export function modesFor(key: string): StructuredMode[] {
  const known = workingModes.get(key);
  return known ? [known, ...STRUCTURED_MODES.filter((m) => m !== known)] : [...STRUCTURED_MODES];
}

export function rememberMode(key: string, mode: StructuredMode): void {
  workingModes.set(key, mode);
}

/** Tests start each case from a server nobody has talked to. */
export function forgetModesForTests(): void {
  workingModes.clear();
}

/** Which mode memory a model uses: its host (or provider name) and id. */
export function modeKey(model: LanguageModel, modelId: string, host?: string): string {
  return `${host ?? (typeof model === "string" ? model : model.provider)}|${modelId}`;
}

/**
 * Runs `attempt` in each mode in turn until one does not report the mode as unsupported; remembers
 * the mode that worked. Any other error (auth, timeout, malformed output twice) ends the search.
 */
export async function withStructuredModes<T>(key: string, attempt: (mode: StructuredMode) => Promise<T>): Promise<T> {
  let unsupported: StructuredModeUnsupportedError | undefined;
  for (const mode of modesFor(key)) {
    try {
      const result = await attempt(mode);
      rememberMode(key, mode);
      return result;
    } catch (error) {
      if (!(error instanceof StructuredModeUnsupportedError)) throw error;
      // Once per model and process: the next answers start from the mode that works.
      console.warn(`[rehearse] ${key}: the server does not support structured output as ${mode}; trying the next mode. ${describeForLog(error.cause)}`);
      unsupported = error;
    }
  }
  // No mode worked: what the server said about the last one is the failure.
  throw unsupported?.cause ?? new LlmOutputError("no structured output mode works");
}

/** The JSON object in a reply: the text from its first "{" to its last "}" (fences and prose around it dropped). */
export function jsonObjectText(reply: string): string | null {
  const start = reply.indexOf("{");
  if (start < 0) return null;
  const end = reply.lastIndexOf("}");
  return end > start ? reply.slice(start, end + 1) : reply.slice(start);
}

/** The prompt addition for modes where the server does not see the schema. */
export function describeSchemaForPrompt(schema: z.ZodType): string {
  return `Reply with ONE JSON object, no other text, matching this JSON Schema:\n${JSON.stringify(z.toJSONSchema(schema))}`;
}

export interface StructuredStreamOptions<S extends z.ZodType> {
  mode: StructuredMode;
  model: LanguageModel;
  schema: S;
  /** Names the schema (json_schema) or the tool. */
  name: string;
  instructions: string;
  /** In json_object and tool modes, the schema description is appended here. */
  prompt: string;
  /** Describe the schema in the prompt in json_schema mode too (a retry after a reply that ignored it). */
  describeSchema?: boolean;
  temperature?: number;
  maxOutputTokens?: number;
  maxRetries: number;
  abortSignal: AbortSignal;
  /** The object parsed so far, each time the streamed JSON grows. */
  onPartial?: (partial: unknown) => void;
}

/**
 * One streamed call in one mode. Resolves with the JSON value the model produced (not yet validated
 * against the schema: the caller decides what a wrong shape means). Throws the provider's error,
 * StructuredModeUnsupportedError, or LlmOutputError for a reply that is not JSON.
 */
export async function streamStructured<S extends z.ZodType>(options: StructuredStreamOptions<S>): Promise<unknown> {
  const { mode } = options;
  const describe = mode !== "json_schema" || options.describeSchema === true;
  const prompt = describe ? `${options.prompt}\n\n${describeSchemaForPrompt(options.schema)}` : options.prompt;
  const common = {
    model: options.model,
    instructions: options.instructions,
    prompt,
    temperature: options.temperature,
    maxOutputTokens: options.maxOutputTokens,
    maxRetries: options.maxRetries,
    abortSignal: options.abortSignal,
    // Errors arrive as "error" parts below; without this the SDK would also log them with provider text.
    onError: () => {},
  };
  const result =
    mode === "tool"
      ? streamText({
          ...common,
          tools: {
            [options.name]: tool({
              description: "Submit the result.",
              inputSchema: jsonSchema(z.toJSONSchema(options.schema) as Parameters<typeof jsonSchema>[0]),
            }),
          },
          toolChoice: { type: "tool", toolName: options.name },
        })
      : streamText({
          ...common,
          output: fromFirstBrace(mode === "json_schema" ? Output.object({ schema: options.schema, name: options.name }) : Output.json({ name: options.name })),
        });

  let text = "";
  try {
    for await (const part of result.fullStream) {
      if (part.type === "error") {
        // The tool's arguments did not parse: the reply is malformed, not the server unable.
        if (InvalidToolInputError.isInstance(part.error) || NoSuchToolError.isInstance(part.error)) continue;
        throw part.error;
      }
      const delta = part.type === "text-delta" && mode !== "tool" ? part.text : part.type === "tool-input-delta" ? part.delta : "";
      if (!delta) continue;
      text += delta;
      // The structure only changes where an object or array opens or closes: parsing the partial JSON
      // (not cheap for a few kilobytes) on other deltas would report nothing a caller acts on.
      if (options.onPartial && /[{}[\]]/.test(delta)) {
        const start = text.indexOf("{");
        if (start < 0) continue;
        const parsed = await parsePartialJson(text.slice(start).replace(/`+\s*$/, ""));
        if (parsed.value !== undefined && (parsed.state === "successful-parse" || parsed.state === "repaired-parse")) options.onPartial(parsed.value);
      }
    }
  } catch (error) {
    if (options.abortSignal.aborted) throw options.abortSignal.reason;
    if (isModeRejection(error)) throw new StructuredModeUnsupportedError(mode, error);
    throw error;
  }
  if (options.abortSignal.aborted) throw options.abortSignal.reason;

  const json = jsonObjectText(text);
  // Prose with no JSON object: malformed (worth a retry that describes the schema), not a mode the
  // server lacks; only an explicit 400 about the feature moves on to the next mode.
  if (json === null) throw new LlmOutputError(mode === "tool" ? "no tool call" : "no JSON object in the reply");
  try {
    return JSON.parse(json) as unknown;
  } catch {
    throw new LlmOutputError("invalid JSON");
  }
}

/**
 * The SDK passes text deltas on only once its partial parse of the text so far changes, so a reply
 * that opens with prose ("Here is the assessment: ```json {…") would arrive in one piece at the end:
 * parse partials from the first "{" so progress streams for such servers too. Only the request's
 * response_format and the partial parse are used; the complete reply is parsed in streamStructured.
 */
function fromFirstBrace<T extends OutputInterface>(output: T): T {
  return {
    ...output,
    parsePartialOutput: ({ text }: { text: string }) => {
      const start = text.indexOf("{");
      return start < 0 ? Promise.resolve(undefined) : output.parsePartialOutput({ text: text.slice(start) });
    },
  };
}

/** A 4xx that names the structured-output feature: the server cannot do this mode (other modes may work). */
function isModeRejection(error: unknown): boolean {
  if (!APICallError.isInstance(error) || error.statusCode === undefined) return false;
  if (![400, 404, 415, 422, 501].includes(error.statusCode)) return false;
  return /response_format|json_schema|json_object|structured|tool|function/i.test(`${error.message} ${error.responseBody ?? ""}`);
}
