import { describe, expect, it } from "vitest";
import { getBank } from "@/lib/bank/load";
import { rubricPoints } from "@/lib/grading/rubric";

/** The whole seed bank's rubric as a candidate reads it: one line per point. */
function rubricLines(): string {
  return getBank()
    .map((q) =>
      [`${q.id}`, ...rubricPoints(q).map((p) => `  ${p.core ? "core " : "extra"} ${p.label}${p.correction ? "  [the reference is wrong here]" : ""}`)].join(
        "\n",
      ),
    )
    .join("\n");
}

describe("rubric points of the seed bank", () => {
  // Reviewed line by line: every point is something an interviewer expects to hear. A change here is a
  // change to what candidates are graded on: review the new snapshot before accepting it.
  it("match the reviewed snapshot", async () => {
    await expect(rubricLines() + "\n").toMatchFileSnapshot("./__snapshots__/seed-rubric.txt");
  });

  it("keep every reference key point as a core point, with unique ids and short labels", () => {
    for (const q of getBank()) {
      const points = rubricPoints(q);
      expect(new Set(points.map((p) => p.id)).size).toBe(points.length);
      for (const k of q.keyPoints) expect(points.find((p) => p.origin === "keyPoints" && p.text === k.replace(/`/g, ""))?.core).toBe(true);
      for (const p of points) expect((p.label ?? "").length).toBeLessThanOrEqual(81);
    }
  });

  it("never turn code-comment banners or file names into points, and ask a point once", () => {
    const labels = getBank().flatMap((q) => rubricPoints(q).map((p) => (p.label ?? "").toLowerCase()));
    for (const banner of ["caching configuration", "signals file", "complex signal example", "authentication & authorization", "dummy cache"]) {
      expect(labels.some((l) => l.startsWith(banner))).toBe(false);
    }
    const mvt = rubricPoints(getBank().find((q) => q.id === "django/mvt-model-view-template-architecture")!);
    expect(mvt.filter((p) => /^view:/i.test(p.label ?? ""))).toHaveLength(1);
    for (const part of ["Model", "View", "Template"]) expect(mvt.find((p) => p.label?.startsWith(`${part}:`))?.core).toBe(true);
  });

  it("mark the points the errata say the reference gets wrong", () => {
    const sessions = rubricPoints(getBank().find((q) => q.id === "flask/manage-sessions-cookies")!);
    expect(sessions.find((p) => p.text === "Use session for server-side data")?.correction).toMatch(/client-side/);
  });
});
