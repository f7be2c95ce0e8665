import { describe, expect, it } from "vitest";
import { practiceStreak } from "@/lib/progress/streak";

const at = (iso: string) => new Date(iso);

describe("practiceStreak (UTC days)", () => {
  it("is zero with no practice", () => {
    expect(practiceStreak([], at("2026-03-10T12:00:00Z"))).toEqual({ current: 0, longest: 0, practicedToday: false, lastDay: null });
  });

  it("counts consecutive days ending today, several answers a day counting once", () => {
    const s = practiceStreak(
      [at("2026-03-08T09:00:00Z"), at("2026-03-09T23:59:00Z"), at("2026-03-10T00:01:00Z"), at("2026-03-10T08:00:00Z")],
      at("2026-03-10T12:00:00Z"),
    );
    expect(s).toMatchObject({ current: 3, longest: 3, practicedToday: true, lastDay: "2026-03-10" });
  });

  it("stays alive through the day after the last practice, then resets", () => {
    const days = [at("2026-03-08T09:00:00Z"), at("2026-03-09T09:00:00Z")];
    expect(practiceStreak(days, at("2026-03-10T22:00:00Z"))).toMatchObject({ current: 2, practicedToday: false });
    expect(practiceStreak(days, at("2026-03-11T01:00:00Z"))).toMatchObject({ current: 0, longest: 2 });
  });

  it("remembers the longest run after a gap", () => {
    const s = practiceStreak(
      ["2026-03-01", "2026-03-02", "2026-03-03", "2026-03-05", "2026-03-06"].map((d) => at(`${d}T10:00:00Z`)),
      at("2026-03-06T11:00:00Z"),
    );
    expect(s).toMatchObject({ current: 2, longest: 3 });
  });
});
