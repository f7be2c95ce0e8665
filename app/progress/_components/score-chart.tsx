"use client";

import { CartesianGrid, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import type { ScorePoint } from "@/lib/progress/history";

/** Average score per day for one track. The numbers are also in the table below it, for screen readers and print. */
export function ScoreChart({ label, points }: { label: string; points: ScorePoint[] }) {
  return (
    <figure data-testid="score-chart" data-track={label} className="break-inside-avoid">
      <figcaption className="mb-2 text-sm font-medium">{label}: average score per day</figcaption>
      <div className="h-48 w-full" aria-hidden="true">
        <ResponsiveContainer width="100%" height="100%">
          {/* Hidden from assistive tech (the table below has the numbers), so it must not take focus either. */}
          <LineChart data={points} margin={{ top: 8, right: 16, bottom: 0, left: -16 }} accessibilityLayer={false}>
            <CartesianGrid strokeDasharray="3 3" stroke="#d4d4d8" />
            <XAxis dataKey="day" tick={{ fontSize: 11 }} />
            <YAxis domain={[0, 10]} ticks={[0, 5, 7, 10]} tick={{ fontSize: 11 }} />
            <Tooltip formatter={(value) => [`${value}/10`, "average"]} />
            <Line type="monotone" dataKey="average" stroke="#4338ca" strokeWidth={2} dot={{ r: 3 }} isAnimationActive={false} />
          </LineChart>
        </ResponsiveContainer>
      </div>
      <table className="sr-only">
        <caption>{label} scores by day</caption>
        <thead>
          <tr>
            <th>Day</th>
            <th>Average</th>
            <th>Answers</th>
          </tr>
        </thead>
        <tbody>
          {points.map((p) => (
            <tr key={p.day}>
              <td>{p.day}</td>
              <td>{p.average}</td>
              <td>{p.answers}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </figure>
  );
}
