import type { RehearseDataParts } from "@/lib/interview/protocol";
import { KeyPointList } from "../feedback/key-point-list";
import { card } from "../styles";

/** Key points as the judge settles them, before the full feedback arrives. */
export function LiveKeyPoints({ points }: { points: RehearseDataParts["keyPoint"][] }) {
  return (
    <div className={`${card} space-y-3`} aria-live="polite" aria-busy="true" data-testid="live-key-points">
      <p className="text-sm font-semibold">
        Grading… {points.length} key point{points.length === 1 ? "" : "s"} judged
      </p>
      <KeyPointList points={points} />
    </div>
  );
}
