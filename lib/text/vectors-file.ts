import { existsSync, readdirSync, readFileSync, rmSync } from "node:fs";
import path from "node:path";
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
  removeStaleSidecars(file);
}

/** A sidecar's name: what it belongs to, then the hash of the sources it was written for. */
const SIDECAR_NAME = /^(.*-)[0-9a-f]{8,}\.bin$/;

/**
 * Sidecars are named by their sources' hash, so every change of the packs or the bank wrote a new one
 * and the old ones stayed (~10 MB each). Written for other sources, they are never read again: a
 * process still holding the old sources rebuilds its vectors if it needs them.
 */
function removeStaleSidecars(file: string): void {
  const prefix = SIDECAR_NAME.exec(path.basename(file))?.[1];
  if (!prefix) return;
  const dir = path.dirname(file);
  for (const name of readdirSync(/*turbopackIgnore: true*/ dir)) {
    if (name === path.basename(file) || SIDECAR_NAME.exec(name)?.[1] !== prefix) continue;
    rmSync(path.join(dir, name), { force: true });
  }
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
