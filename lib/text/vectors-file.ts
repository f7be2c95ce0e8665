import { existsSync, readFileSync } from "node:fs";
import { writeFileAtomically } from "./atomic-file";
import type { SparseVector } from "./features";

/**
 * Sparse vectors saved as one binary file, so that a trained artefact's exemplar vectors are read at
 * start instead of recomputed (the query router's took ~1.7 s of every start). The same layout as
 * the grading matcher's sidecar: count, offsets[count + 1], ids[total] (u32), values[total] (f32),
 * little-endian as the machine writes it.
 */
export function saveVectors(vectors: SparseVector[], file: string): void {
  const total = vectors.reduce((n, v) => n + v.ids.length, 0);
  const head = new Uint32Array(2 + vectors.length + total);
  head[0] = vectors.length;
  let at = 0;
  for (const [i, v] of vectors.entries()) {
    head[1 + i] = at;
    head.set(v.ids, 2 + vectors.length + at);
    at += v.ids.length;
  }
  head[1 + vectors.length] = at;
  const values = new Float32Array(total);
  at = 0;
  for (const v of vectors) {
    values.set(v.values, at);
    at += v.values.length;
  }
  writeFileAtomically(file, Buffer.concat([Buffer.from(head.buffer), Buffer.from(values.buffer)]));
}

/** The vectors of `file`, or undefined when it is missing or not of that layout. */
export function readVectors(file: string): SparseVector[] | undefined {
  if (!existsSync(/*turbopackIgnore: true*/ file)) return undefined;
  const buffer = readFileSync(/*turbopackIgnore: true*/ file);
  if (buffer.byteLength < 8 || buffer.byteLength % 4 !== 0) return undefined;
  const words = new Uint32Array(buffer.buffer, buffer.byteOffset, buffer.byteLength >> 2);
  const count = words[0]!;
  const total = words[1 + count];
  if (total === undefined || buffer.byteLength !== 4 * (2 + count + total) + 4 * total) return undefined;
  const ids = words.subarray(2 + count, 2 + count + total);
  const values = new Float32Array(buffer.buffer, buffer.byteOffset + 4 * (2 + count + total), total);
  return Array.from({ length: count }, (_, i) => {
    const from = words[1 + i]!;
    const to = words[2 + i]!;
    return { ids: ids.subarray(from, to), values: values.subarray(from, to) };
  });
}
