import { readFileSync, existsSync } from "node:fs";
import path from "node:path";
import { create, insertMultiple, load, save, type AnyOrama, type AnySchema, type RawData } from "@orama/orama";
import { contentHash, loadBank } from "@/lib/bank/load";
import type { Question, Track } from "@/lib/bank/schema";
import type { Embedder } from "@/lib/embeddings/types";
import { writeFileAtomically } from "@/lib/text/atomic-file";
import { STOP_WORDS } from "@/lib/text/stop-words";
import { searchWords } from "@/lib/text/words";
import { env } from "@/lib/env";
import { chunkQuestion, type ChunkKind } from "./chunks";
import { openQueryRouter, trainedRouter, type QueryRouter } from "./query-router";

/**
 * Bump when chunking, the tokenizer or the document shape changes: an index saved by an older
 * build is then rebuilt instead of being read with the wrong assumptions.
 */
export const INDEX_FORMAT = 1;

/** One chunk as stored in Orama. `passage` is kept but not indexed; `body` is what BM25 reads. */
export interface ChunkDocument {
  questionId: string;
  title: string;
  track: Track;
  kind: ChunkKind;
  body: string;
  passage: string;
  embedding: number[];
}

/** The vector size is only known at run time (it is the embedder's), so the schema is typed loosely. */
export type BankOrama = AnyOrama;

export function createOramaFor(dimensions: number): BankOrama {
  const schema: AnySchema = {
    questionId: "enum",
    title: "string",
    track: "enum",
    kind: "enum",
    body: "string",
    embedding: `vector[${dimensions}]`,
  };
  return create({
    schema,
    components: {
      tokenizer: { language: "english", stemming: true, stopWords: [...STOP_WORDS.search] },
    },
  });
}

export interface BankIndex {
  db: BankOrama;
  embedder: { id: string; dimensions: number };
  contentHash: string;
  /**
   * Routes a query to its question from the packs' phrasings; hybrid search fuses its ranking with
   * Orama's. Opened on first use: a full-text or vector search never pays for loading it.
   */
  router: () => QueryRouter;
}

function once<T>(open: () => T): () => T {
  let value: T | undefined;
  return () => (value ??= open());
}

/** What is written to disk: a header saying how the index was built, then Orama's own data. */
interface SavedIndex {
  format: number;
  embedder: { id: string; dimensions: number };
  contentHash: string;
  builtAt: string;
  orama: RawData;
}

/** The saved index was built by another embedder (or another format); its vectors must not be mixed with ours. */
export class IndexMismatchError extends Error {
  constructor(file: string, reason: string) {
    super(`${file}: ${reason}`);
    this.name = "IndexMismatchError";
  }
}

export function defaultIndexFile(): string {
  return path.resolve(env().REHEARSE_DATA_DIR, "index", "bank-index.json");
}

/** The bank's content hash (lib/bank/load.ts): editing content/*.md rebuilds the index. */
export { contentHash };

/** The text BM25 indexes: the chunk's words with identifiers also split into their parts. */
export function searchableText(text: string): string {
  return searchWords(text).join(" ");
}

/** The text embedded for a chunk: the question title gives every section its context. */
export function embeddingText(title: string, chunkText: string): string {
  return `${title}\n${chunkText}`;
}

export async function buildBankIndex(embedder: Embedder, questions: Question[] = loadBank(), hash: string = contentHash()): Promise<BankIndex> {
  const chunks = questions.flatMap((q) => chunkQuestion(q).map((c) => ({ ...c, question: q })));
  const vectors = await embedder.embed(chunks.map((c) => embeddingText(c.question.title, c.text)));
  const docs: ChunkDocument[] = chunks.map((c, i) => ({
    questionId: c.questionId,
    title: c.question.title,
    track: c.question.track,
    kind: c.kind,
    body: searchableText(c.kind === "title" ? "" : c.text),
    passage: c.text,
    embedding: vectors[i]!,
  }));
  const db = createOramaFor(embedder.dimensions);
  await insertMultiple(db, docs);
  const router = once(() => trainedRouter(questions).router);
  return { db, embedder: { id: embedder.id, dimensions: embedder.dimensions }, contentHash: hash, router };
}

export function saveBankIndex(index: BankIndex, file: string = defaultIndexFile()): void {
  const saved: SavedIndex = {
    format: INDEX_FORMAT,
    embedder: index.embedder,
    contentHash: index.contentHash,
    builtAt: new Date().toISOString(),
    orama: save(index.db),
  };
  writeFileAtomically(file, JSON.stringify(saved));
}

/**
 * Load a saved index built by `embedder` from the current bank. Throws IndexMismatchError when
 * it was built by another embedder, another format or from other content.
 */
export function loadBankIndex(embedder: Embedder, file: string = defaultIndexFile(), hash: string = contentHash()): BankIndex {
  const saved = JSON.parse(readFileSync(/*turbopackIgnore: true*/ file, "utf8")) as SavedIndex;
  if (saved.format !== INDEX_FORMAT) throw new IndexMismatchError(file, `index format ${saved.format}, expected ${INDEX_FORMAT}`);
  if (saved.embedder.id !== embedder.id || saved.embedder.dimensions !== embedder.dimensions) {
    throw new IndexMismatchError(
      file,
      `built with embedder ${saved.embedder.id} (${saved.embedder.dimensions} dims), but the current embedder is ${embedder.id} (${embedder.dimensions} dims)`,
    );
  }
  if (saved.contentHash !== hash) throw new IndexMismatchError(file, "built from different content/*.md");
  const db = createOramaFor(saved.embedder.dimensions);
  load(db, saved.orama);
  return { db, embedder: saved.embedder, contentHash: saved.contentHash, router: once(() => openQueryRouter()) };
}

/**
 * The index for `embedder`: loaded from disk when it matches, otherwise (first run after a
 * clean clone, edited content, another embedder) built, saved and returned.
 */
export async function openBankIndex(
  embedder: Embedder,
  file: string = defaultIndexFile(),
  log: (message: string) => void = (m) => console.error(m),
): Promise<BankIndex> {
  const hash = contentHash();
  if (existsSync(/*turbopackIgnore: true*/ file)) {
    try {
      return loadBankIndex(embedder, file, hash);
    } catch (error) {
      if (!(error instanceof IndexMismatchError) && !(error instanceof SyntaxError)) throw error;
      log(`rehearse: rebuilding the search index (${error.message})`);
    }
  }
  const index = await buildBankIndex(embedder, loadBank(), hash);
  saveBankIndex(index, file);
  return index;
}
