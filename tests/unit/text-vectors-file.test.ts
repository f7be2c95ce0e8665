import { mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { readVectors, saveVectors } from "@/lib/text/vectors-file";

const vectors = [
  { ids: Uint32Array.from([1, 5, 9]), values: Float32Array.from([0.5, 0.25, 0.125]) },
  { ids: Uint32Array.from([]), values: Float32Array.from([]) },
  { ids: Uint32Array.from([2]), values: Float32Array.from([1]) },
];

describe("saved exemplar vectors", () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), "rehearse-vectors-"));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it("read back as they were saved", () => {
    const file = path.join(dir, "vectors-0123456789abcdef.bin");
    saveVectors(vectors, file);
    const read = readVectors(file)!;
    expect(read.map((v) => [...v.ids])).toEqual(vectors.map((v) => [...v.ids]));
    expect(read.map((v) => [...v.values])).toEqual(vectors.map((v) => [...v.values]));
  });

  it("replace the sidecar written for older sources, and leave other artefacts' files alone", () => {
    saveVectors(vectors, path.join(dir, "vectors-aaaaaaaaaaaaaaaa.bin"));
    saveVectors(vectors, path.join(dir, "out-of-scope-vectors-cccccccccccccccc.bin"));
    writeFileSync(path.join(dir, "matcher.json"), "{}");
    saveVectors(vectors.slice(0, 1), path.join(dir, "vectors-bbbbbbbbbbbbbbbb.bin"));
    expect(readdirSync(dir).sort()).toEqual(["matcher.json", "out-of-scope-vectors-cccccccccccccccc.bin", "vectors-bbbbbbbbbbbbbbbb.bin"]);
    expect(readVectors(path.join(dir, "vectors-bbbbbbbbbbbbbbbb.bin"))).toHaveLength(1);
  });
});
