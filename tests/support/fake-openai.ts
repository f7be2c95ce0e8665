/**
 * A small OpenAI-compatible server for tests: the network peer of the real `@ai-sdk/openai` provider.
 * Production code is unchanged; only OPENAI_BASE_URL points here.
 *
 * In tests:   const fake = await startFakeOpenAI(); ... fake.url + "/v1" ... await fake.close();
 * Standalone: tsx tests/support/fake-openai.ts --port 4010   (prints the URL; used by Playwright)
 */
import { createHash } from "node:crypto";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { pathToFileURL } from "node:url";

export interface ChatMessage {
  role: string;
  content: string | Array<{ type: string; text?: string }>;
}

/** The subset of a Chat Completions request the fake looks at. */
export interface ChatRequest {
  model: string;
  messages: ChatMessage[];
  stream?: boolean;
  response_format?: { type: string; json_schema?: { name?: string; schema?: JsonSchema } };
  tools?: Array<{ type: string; function: { name: string; parameters?: JsonSchema } }>;
  tool_choice?: unknown;
  [key: string]: unknown;
}

/** Produces the assistant's content for a request: a string as is, anything else as JSON. */
export type Responder = (request: ChatRequest) => unknown;

/** What the next chat completion does. */
export type Behaviour =
  /** Answer with the responder's content (the default responder unless one is given). */
  | {
      kind: "ok";
      respond?: Responder;
      /** Streaming only: send everything but the last chunk, then wait for this before finishing. */
      holdBeforeEnd?: Promise<unknown>;
    }
  /**
   * An HTTP error, e.g. 429 or 500. retryAfterMs sets the retry-after-ms header (the SDK honours it).
   * quoteKey: the error message quotes the request's API key, as OpenAI's 401 does
   * ("Incorrect API key provided: sk-…"), so tests can check it never reaches a candidate.
   */
  | { kind: "error"; status: number; retryAfterMs?: number; quoteKey?: boolean }
  /** Accept the request and never answer until the server closes. */
  | { kind: "hang" }
  /** Answer 200 with content that is not JSON. */
  | { kind: "invalid-json" }
  /** Stream about half the content, then drop the connection without finishing. */
  | { kind: "truncated"; respond?: Responder };

export interface RecordedRequest {
  path: string;
  body: unknown;
  /** The Authorization header as sent ("Bearer …"), or undefined. */
  authorization?: string;
}

/**
 * Which structured output the server honours, to emulate servers without json_schema:
 * - `all` (OpenAI): json_schema, json_object and tool calls;
 * - `json_object`: 400 "response_format json_schema not supported", JSON mode and tools work;
 * - `tools`: 400 on any response_format, tool calls work;
 * - `ignores-schema`: accepts json_schema but ignores it, answering prose around fenced JSON.
 */
export type StructuredSupport = "all" | "json_object" | "tools" | "ignores-schema";

export interface FakeOpenAI {
  /** Base URL without /v1, e.g. http://127.0.0.1:40123 */
  url: string;
  /** Every request body received, in order (multipart bodies as { fields, fileSize }). */
  requests: RecordedRequest[];
  /** Chat completion requests only. */
  chatRequests(): ChatRequest[];
  /** Behaviours for the next chat completions, used once each in order. */
  queue(...behaviours: Behaviour[]): void;
  /** What chat completions do once the queue is empty (initially: ok with the default responder). */
  setDefault(behaviour: Behaviour): void;
  /** The text /v1/audio/transcriptions returns (unless the upload is "TRANSCRIPT: ..." text). */
  setTranscript(text: string): void;
  /** Make /v1/audio/transcriptions answer this HTTP error status (null: answer normally again). quoteKey as for chat errors. */
  failTranscriptions(status: number | null, options?: { quoteKey?: boolean }): void;
  /** What structured output chat completions honour from now on (initially `all`). */
  setStructuredSupport(support: StructuredSupport): void;
  close(): Promise<void>;
}

export interface FakeOptions {
  port?: number;
  /** Dimensions of /v1/embeddings vectors unless the request asks for `dimensions`. */
  embeddingDims?: number;
  /** Characters per streamed chunk. */
  chunkSize?: number;
}

export async function startFakeOpenAI(options: FakeOptions = {}): Promise<FakeOpenAI> {
  const requests: RecordedRequest[] = [];
  const pending: Behaviour[] = [];
  let fallbackBehaviour: Behaviour = { kind: "ok" };
  let transcript = "This is a fake transcript of the spoken answer.";
  let transcriptionFailure: { status: number; quoteKey: boolean } | null = null;
  let structured: StructuredSupport = "all";
  const dims = options.embeddingDims ?? 64;
  const chunkSize = options.chunkSize ?? 24;

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      if (!res.headersSent) sendJson(res, 500, { error: { message: String(error), type: "server_error" } });
      else res.destroy();
    });
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const path = (req.url ?? "/").split("?")[0] ?? "/";
    const raw = await readBody(req);

    if (req.method === "POST" && path === "/v1/audio/transcriptions") {
      const form = await new Response(new Uint8Array(raw), { headers: { "content-type": req.headers["content-type"] ?? "" } }).formData();
      const file = form.get("file");
      const fields = Object.fromEntries([...form.entries()].filter(([, v]) => typeof v === "string"));
      const bytes = file instanceof Blob ? Buffer.from(await file.arrayBuffer()) : Buffer.alloc(0);
      requests.push({ path, body: { fields, fileSize: bytes.length }, authorization: req.headers.authorization });
      const spoken = bytes.toString("utf8");
      const text = spoken.startsWith("TRANSCRIPT:") ? spoken.slice("TRANSCRIPT:".length).trim() : transcript;
      if (transcriptionFailure !== null) {
        const { status, quoteKey } = transcriptionFailure;
        return sendJson(res, status, errorBody(status, quoteKey ? req.headers.authorization : undefined));
      }
      // verbose_json with word granularity (what Whisper gives): evenly paced word timings.
      const wantsWords = fields.response_format === "verbose_json" && form.getAll("timestamp_granularities[]").includes("word");
      if (!wantsWords) return sendJson(res, 200, { text, language: "english", duration: 3 });
      const words = text
        .split(/\s+/)
        .filter(Boolean)
        .map((word, i) => ({ word, start: 0.3 + i * 0.4, end: 0.3 + i * 0.4 + 0.3 }));
      return sendJson(res, 200, { text, language: "english", duration: Math.max(3, (words.at(-1)?.end ?? 0) + 0.3), words });
    }

    let body: unknown;
    try {
      body = JSON.parse(raw.toString("utf8"));
    } catch {
      requests.push({ path, body: raw.toString("utf8"), authorization: req.headers.authorization });
      return sendJson(res, 400, { error: { message: "request body is not JSON", type: "invalid_request_error" } });
    }
    requests.push({ path, body, authorization: req.headers.authorization });

    if (req.method === "POST" && path === "/v1/embeddings") return embeddings(res, body as EmbeddingRequest, dims);
    if (req.method === "POST" && path === "/v1/chat/completions") {
      const request = body as ChatRequest;
      const unsupported = unsupportedFeature(request, structured);
      if (unsupported) return sendJson(res, 400, { error: { message: unsupported, type: "invalid_request_error", param: "response_format" } });
      const behaviour = pending.shift() ?? fallbackBehaviour;
      return chatCompletion(res, request, behaviour, chunkSize, req.headers.authorization, structured === "ignores-schema");
    }
    if (req.method === "GET" && path === "/v1/models") {
      return sendJson(res, 200, { object: "list", data: [{ id: "fake-model", object: "model", owned_by: "fake" }] });
    }
    return sendJson(res, 404, { error: { message: `no route ${req.method} ${path}`, type: "invalid_request_error" } });
  }

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, "127.0.0.1", () => resolve());
  });
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    chatRequests: () => requests.filter((r) => r.path === "/v1/chat/completions").map((r) => r.body as ChatRequest),
    queue: (...behaviours) => void pending.push(...behaviours),
    setDefault: (behaviour) => {
      fallbackBehaviour = behaviour;
    },
    setTranscript: (text) => {
      transcript = text;
    },
    failTranscriptions: (status, options = {}) => {
      transcriptionFailure = status === null ? null : { status, quoteKey: options.quoteKey ?? false };
    },
    setStructuredSupport: (support) => {
      structured = support;
    },
    close: () =>
      new Promise<void>((resolve) => {
        // Hanging requests keep sockets open; close them so the server can stop.
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

// ---------------------------------------------------------------------------------------------
// Chat completions

/** The 400 a server without the requested structured output answers, or null when it can serve the request. */
function unsupportedFeature(request: ChatRequest, support: StructuredSupport): string | null {
  const format = request.response_format?.type;
  if (support === "json_object" && format === "json_schema") return "response_format json_schema not supported";
  if (support === "tools" && format !== undefined && format !== "text") return `response_format ${format} not supported`;
  return null;
}

/** An OpenAI-shaped error body; with the key, worded like OpenAI's 401 (which quotes the key it got). */
function errorBody(status: number, authorization: string | undefined) {
  const type = status === 429 ? "rate_limit_exceeded" : status === 401 ? "invalid_api_key" : "server_error";
  const key = authorization?.replace(/^Bearer\s+/i, "");
  const message =
    key !== undefined ? `Incorrect API key provided: ${key}. You can find your API key at https://platform.openai.com/account/api-keys.` : `fake ${status}`;
  return { error: { message, type, code: type } };
}

async function chatCompletion(
  res: ServerResponse,
  request: ChatRequest,
  behaviour: Behaviour,
  chunkSize: number,
  authorization: string | undefined,
  ignoresSchema: boolean,
) {
  if (behaviour.kind === "hang") return; // the socket stays open until close()
  if (behaviour.kind === "error") {
    const headers: Record<string, string> = {};
    if (behaviour.retryAfterMs !== undefined) headers["retry-after-ms"] = String(behaviour.retryAfterMs);
    return sendJson(res, behaviour.status, errorBody(behaviour.status, behaviour.quoteKey ? authorization : undefined), headers);
  }

  const answer =
    behaviour.kind === "invalid-json" ? "Sure! Here is my assessment: the candidate did {great" : toContent((behaviour.respond ?? defaultResponder)(request));
  // A forced tool call gets the object as the call's arguments, as servers with tools but no JSON mode do.
  const toolName = request.tools?.[0]?.function.name;
  if (toolName !== undefined) return toolCallCompletion(res, request, toolName, answer, chunkSize);
  // Servers that ignore response_format answer the way a chat model does: a sentence and a fenced block.
  const content = ignoresSchema && request.response_format?.type === "json_schema" ? `Here is the assessment:\n\n\`\`\`json\n${answer}\n\`\`\`\n` : answer;
  const id = `chatcmpl-fake-${Date.now()}`;
  const created = Math.floor(Date.now() / 1000);
  const usage = { prompt_tokens: estimateTokens(JSON.stringify(request.messages)), completion_tokens: estimateTokens(content) };
  const usageBody = { ...usage, total_tokens: usage.prompt_tokens + usage.completion_tokens };

  if (!request.stream) {
    if (behaviour.kind === "truncated") return void res.destroy();
    return sendJson(res, 200, {
      id,
      object: "chat.completion",
      created,
      model: request.model,
      choices: [{ index: 0, message: { role: "assistant", content }, finish_reason: "stop" }],
      usage: usageBody,
    });
  }

  res.writeHead(200, { "content-type": "text/event-stream", "cache-control": "no-cache", connection: "keep-alive" });
  const event = (choices: unknown[], extra: Record<string, unknown> = {}) =>
    res.write(`data: ${JSON.stringify({ id, object: "chat.completion.chunk", created, model: request.model, choices, ...extra })}\n\n`);

  const chunks: string[] = [];
  for (let i = 0; i < content.length; i += chunkSize) chunks.push(content.slice(i, i + chunkSize));
  const sendUntil = behaviour.kind === "truncated" ? Math.ceil(chunks.length / 2) : chunks.length - 1;

  event([{ index: 0, delta: { role: "assistant", content: "" }, finish_reason: null }]);
  for (let i = 0; i < sendUntil; i++) {
    event([{ index: 0, delta: { content: chunks[i] }, finish_reason: null }]);
    await new Promise((r) => setImmediate(r)); // let the client see chunks one by one
  }
  if (behaviour.kind === "truncated") return void res.destroy();
  if (behaviour.kind === "ok" && behaviour.holdBeforeEnd) await behaviour.holdBeforeEnd;
  if (chunks.length > 0) event([{ index: 0, delta: { content: chunks[chunks.length - 1] }, finish_reason: null }]);
  event([{ index: 0, delta: {}, finish_reason: "stop" }]);
  event([], { usage: usageBody });
  res.end("data: [DONE]\n\n");
}

/** A completion whose answer is one tool call with `args` as its arguments, streamed in chunks when asked. */
async function toolCallCompletion(res: ServerResponse, request: ChatRequest, name: string, args: string, chunkSize: number) {
  const id = `chatcmpl-fake-${Date.now()}`;
  const created = Math.floor(Date.now() / 1000);
  const callId = `call_fake_${Date.now()}`;
  const usage = { prompt_tokens: estimateTokens(JSON.stringify(request.messages)), completion_tokens: estimateTokens(args) };
  const usageBody = { ...usage, total_tokens: usage.prompt_tokens + usage.completion_tokens };
  if (!request.stream) {
    return sendJson(res, 200, {
      id,
      object: "chat.completion",
      created,
      model: request.model,
      choices: [
        {
          index: 0,
          message: { role: "assistant", content: null, tool_calls: [{ id: callId, type: "function", function: { name, arguments: args } }] },
          finish_reason: "tool_calls",
        },
      ],
      usage: usageBody,
    });
  }
  res.writeHead(200, { "content-type": "text/event-stream", "cache-control": "no-cache", connection: "keep-alive" });
  const event = (choices: unknown[], extra: Record<string, unknown> = {}) =>
    res.write(`data: ${JSON.stringify({ id, object: "chat.completion.chunk", created, model: request.model, choices, ...extra })}\n\n`);
  event([
    {
      index: 0,
      delta: { role: "assistant", content: null, tool_calls: [{ index: 0, id: callId, type: "function", function: { name, arguments: "" } }] },
      finish_reason: null,
    },
  ]);
  for (let i = 0; i < args.length; i += chunkSize) {
    event([{ index: 0, delta: { tool_calls: [{ index: 0, function: { arguments: args.slice(i, i + chunkSize) } }] }, finish_reason: null }]);
    await new Promise((r) => setImmediate(r));
  }
  event([{ index: 0, delta: {}, finish_reason: "tool_calls" }]);
  event([], { usage: usageBody });
  res.end("data: [DONE]\n\n");
}

function toContent(value: unknown): string {
  return typeof value === "string" ? value : JSON.stringify(value);
}

function userText(request: ChatRequest): string {
  return request.messages
    .filter((m) => m.role === "user")
    .map((m) => (typeof m.content === "string" ? m.content : m.content.map((p) => p.text ?? "").join("")))
    .join("\n");
}

/**
 * Grading prompts get plausible verdicts quoting the answer; other structured requests get a value
 * shaped by their JSON schema; plain requests get a short deterministic reply.
 */
export const defaultResponder: Responder = (request) => {
  const text = userText(request);
  const grading = parseGradingPrompt(text);
  if (grading) return gradeLikeAFakeInterviewer(grading);
  const schema = request.response_format?.json_schema?.schema ?? request.tools?.[0]?.function.parameters;
  if (schema) return sampleFromSchema(schema);
  // Grounded answers cite their numbered passages; anything else gets a neutral interviewer question
  // that does not echo the prompt (so it never leaks a point it was asked not to reveal).
  const passage = /\[1\][^\n]*\n([^\n]+)/.exec(text)?.[1];
  if (passage) return `Fake reply from the bank: ${passage.split(/(?<=[.!?])\s/)[0]?.trim()} [1]`;
  return "Fake reply: can you walk me through how you would use this in a real project, and why?";
};

// ---------------------------------------------------------------------------------------------
// The smart-ish grader: word overlap between each rubric point and the answer's sentences.

interface GradingPrompt {
  points: Array<{ id: string; text: string }>;
  answer: string;
}

/** Reads the prompt written by lib/grading/llm-prompt.ts: the rubric point list and the delimited answer. */
export function parseGradingPrompt(text: string): GradingPrompt | null {
  const markers = /<<<(ANSWER-[0-9a-f-]{36})>>>\n([\s\S]*?)\n<<<END-\1>>>/.exec(text);
  if (!markers) return null;
  const pointsBlock = /Rubric points[^\n]*\n((?:- [^\n]*\n?)+)/.exec(text)?.[1] ?? "";
  const points = [...pointsBlock.matchAll(/^- (\S+?)(?: \(extra\))?: (.*)$/gm)].map((m) => ({ id: m[1] ?? "", text: m[2] ?? "" }));
  return { points, answer: markers[2] ?? "" };
}

const STOP = new Set([
  "that",
  "this",
  "with",
  "from",
  "your",
  "they",
  "them",
  "what",
  "when",
  "which",
  "into",
  "uses",
  "used",
  "have",
  "there",
  "their",
  "about",
  "would",
  "using",
]);

function stems(text: string): Set<string> {
  return new Set(
    text
      .toLowerCase()
      .split(/[^a-z0-9_]+/)
      .filter((w) => w.length >= 4 && !STOP.has(w))
      .map((w) => w.slice(0, 5)),
  );
}

function sentences(answer: string): string[] {
  return answer
    .split(/(?<=[.!?])\s+|\n+/)
    .map((s) => s.trim())
    .filter((s) => s.length > 0);
}

const INJECTION =
  /ignore (all |the |any |previous |prior |your )*(instructions|rubric|rules)|give (me |this )?(a )?(10|full marks|perfect)|you are (now )?the grader|system prompt|score (this|me) /i;

function gradeLikeAFakeInterviewer({ points, answer }: GradingPrompt) {
  const candidates = sentences(answer).filter((s) => !INJECTION.test(s));
  const keyPoints = points.map((point) => {
    const want = stems(point.text);
    let best = { sentence: "", overlap: 0 };
    for (const s of candidates) {
      const have = stems(s);
      const overlap = [...want].filter((w) => have.has(w)).length;
      if (overlap > best.overlap) best = { sentence: s, overlap };
    }
    const verdict = best.overlap >= 2 ? "covered" : best.overlap === 1 ? "partial" : "missed";
    return {
      id: point.id,
      verdict,
      evidence: verdict === "missed" ? "" : best.sentence,
      note: verdict === "missed" ? "Not mentioned." : `Mentions ${best.overlap} term(s) of the point.`,
    };
  });
  const gaps = points.filter((_, i) => keyPoints[i]?.verdict !== "covered");
  const covered = points.filter((_, i) => keyPoints[i]?.verdict === "covered");
  return {
    keyPoints,
    errors: [],
    strengths: covered.slice(0, 3).map((p) => `Explains that ${lowerFirst(p.text)}.`),
    improvements: gaps.slice(0, 3).map((p) => `Cover this point: ${lowerFirst(p.text)}.`),
    improvedAnswer: points.map((p) => p.text.replace(/\.?$/, ".")).join(" "),
    followUp: gaps[0] ? `You did not quite cover this: "${gaps[0].text}". Can you walk me through it?` : "What trade-offs would you weigh in production?",
    injectionDetected: INJECTION.test(answer),
    offTopic: candidates.length > 0 && keyPoints.every((k) => k.verdict === "missed"),
    depth: {
      explainsWhy: /\bbecause\b|\bso that\b|\bwhich means\b/i.test(answer),
      givesExample: /\bfor example\b|\be\.g\.|\bfor instance\b|\blike\b/i.test(answer),
      discussesTradeOff: /\btrade-?off\b|\bdownside\b|\bbut\b|\bhowever\b/i.test(answer),
    },
  };
}

function lowerFirst(s: string): string {
  return s.charAt(0).toLowerCase() + s.slice(1).replace(/\.$/, "");
}

// ---------------------------------------------------------------------------------------------
// A value for any JSON schema, for structured requests that are not grading prompts.

export interface JsonSchema {
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  items?: JsonSchema;
  enum?: unknown[];
  anyOf?: JsonSchema[];
  [key: string]: unknown;
}

export function sampleFromSchema(schema: JsonSchema): unknown {
  if (schema.enum && schema.enum.length > 0) return schema.enum[0];
  if (schema.anyOf?.[0]) return sampleFromSchema(schema.anyOf[0]);
  const type = Array.isArray(schema.type) ? schema.type.find((t) => t !== "null") : schema.type;
  switch (type) {
    case "object":
      return Object.fromEntries(Object.entries(schema.properties ?? {}).map(([k, v]) => [k, sampleFromSchema(v)]));
    case "array":
      return schema.items ? [sampleFromSchema(schema.items)] : [];
    case "string":
      return "fake";
    case "number":
    case "integer":
      return 0;
    case "boolean":
      return false;
    default:
      return null;
  }
}

// ---------------------------------------------------------------------------------------------
// Embeddings: hashed bag of words, so texts sharing words get similar vectors (enough for retrieval tests).

interface EmbeddingRequest {
  input: string | string[];
  model: string;
  dimensions?: number;
}

export function fakeEmbedding(text: string, dims: number): number[] {
  const vector = new Array<number>(dims).fill(0);
  for (const word of text
    .toLowerCase()
    .split(/[^a-z0-9_]+/)
    .filter(Boolean)) {
    const hash = createHash("sha256").update(word).digest();
    const slot = hash.readUInt32BE(0) % dims;
    vector[slot] = (vector[slot] ?? 0) + (hash.readUInt8(4) % 2 === 0 ? 1 : -1);
  }
  const norm = Math.hypot(...vector) || 1;
  return vector.map((v) => v / norm);
}

function embeddings(res: ServerResponse, request: EmbeddingRequest, defaultDims: number) {
  const inputs = Array.isArray(request.input) ? request.input : [request.input];
  const dims = request.dimensions ?? defaultDims;
  const tokens = inputs.reduce((n, t) => n + estimateTokens(t), 0);
  sendJson(res, 200, {
    object: "list",
    data: inputs.map((text, index) => ({ object: "embedding", index, embedding: fakeEmbedding(text, dims) })),
    model: request.model,
    usage: { prompt_tokens: tokens, total_tokens: tokens },
  });
}

// ---------------------------------------------------------------------------------------------

function estimateTokens(text: string): number {
  return Math.ceil(text.length / 4);
}

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const parts: Buffer[] = [];
    req.on("data", (c: Buffer) => parts.push(c));
    req.on("end", () => resolve(Buffer.concat(parts)));
    req.on("error", reject);
  });
}

function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) {
  res.writeHead(status, { "content-type": "application/json", ...headers });
  res.end(JSON.stringify(body));
}

/**
 * `tsx tests/support/fake-openai.ts --port 4010 [--structured all|json_object|tools|ignores-schema] [--chat-error 401]`
 * --structured emulates a server without json_schema; --chat-error makes every chat completion fail
 * with that status, quoting the request's key as OpenAI's 401 does.
 */
async function main(argv: string[]): Promise<void> {
  const option = (name: string) => (argv.includes(name) ? argv[argv.indexOf(name) + 1] : undefined);
  const port = Number(option("--port") ?? 4010);
  if (!Number.isInteger(port) || port < 0) throw new Error(`--port must be an integer, got "${option("--port")}"`);
  const fake = await startFakeOpenAI({ port });
  const structured = option("--structured");
  if (structured !== undefined) {
    if (!["all", "json_object", "tools", "ignores-schema"].includes(structured))
      throw new Error(`--structured must be all, json_object, tools or ignores-schema, got "${structured}"`);
    fake.setStructuredSupport(structured as StructuredSupport);
  }
  const chatError = option("--chat-error");
  if (chatError !== undefined) fake.setDefault({ kind: "error", status: Number(chatError), quoteKey: true });
  console.log(`fake OpenAI listening on ${fake.url} (use OPENAI_BASE_URL=${fake.url}/v1)`);
  const stop = () => void fake.close().then(() => process.exit(0));
  process.on("SIGINT", stop);
  process.on("SIGTERM", stop);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main(process.argv.slice(2)).catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
}
