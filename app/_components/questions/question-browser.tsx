"use client";

import Link from "next/link";
import { useEffect, useState } from "react";
import { TRACK_LABELS, TRACKS, type Track } from "@/lib/bank/schema";
import { searchHitSchema, type SearchHit } from "@/lib/search/types";
import { z } from "zod";
import { apiErrorFrom } from "@/app/_lib/api-error";
import { focusRing } from "../styles";

export interface QuestionListing {
  id: string;
  title: string;
  track: Track;
  keyPointCount: number;
}

/** GET /api/questions?q= answers `{ questions: hits }`. */
const searchResponseSchema = z.object({ questions: z.array(searchHitSchema) }).transform((r) => r.questions);

async function searchQuestions(q: string, track: Track | "all", signal: AbortSignal): Promise<SearchHit[]> {
  const params = new URLSearchParams({ q });
  if (track !== "all") params.set("track", track);
  const response = await fetch(`/api/questions?${params}`, { signal });
  if (!response.ok) throw await apiErrorFrom(response);
  return searchResponseSchema.parse(await response.json());
}

type Results = { state: "idle" } | { state: "searching" } | { state: "done"; hits: SearchHit[] } | { state: "error"; message: string };

/** The bank, filterable by track, with full-text/semantic search through the API. */
export function QuestionBrowser({ questions }: { questions: QuestionListing[] }) {
  const [query, setQuery] = useState("");
  const [track, setTrack] = useState<Track | "all">("all");
  const [results, setResults] = useState<Results>({ state: "idle" });

  useEffect(() => {
    const q = query.trim();
    if (!q) {
      setResults({ state: "idle" });
      return;
    }
    const controller = new AbortController();
    setResults({ state: "searching" });
    const timer = setTimeout(() => {
      searchQuestions(q, track, controller.signal)
        .then((hits) => setResults({ state: "done", hits }))
        .catch((error: unknown) => {
          if (!controller.signal.aborted) setResults({ state: "error", message: error instanceof Error ? error.message : "Search failed." });
        });
    }, 250);
    return () => {
      clearTimeout(timer);
      controller.abort();
    };
  }, [query, track]);

  const listed = questions.filter((q) => track === "all" || q.track === track);

  return (
    <div className="space-y-4">
      <search>
        <form className="flex flex-col gap-3 sm:flex-row sm:items-end" onSubmit={(e) => e.preventDefault()}>
          <label className="flex-1 text-sm font-medium">
            Search questions
            <input
              type="search"
              data-testid="question-search"
              value={query}
              onChange={(e) => setQuery(e.target.value)}
              placeholder="e.g. n+1 queries, dependency injection"
              className={`mt-1 block w-full rounded-lg border border-zinc-300 bg-white px-3 py-2 text-base dark:border-zinc-700 dark:bg-zinc-900 ${focusRing}`}
            />
          </label>
          <label className="text-sm font-medium">
            Track
            <select
              data-testid="track-filter"
              value={track}
              onChange={(e) => setTrack(e.target.value as Track | "all")}
              className={`mt-1 block w-full rounded-lg border border-zinc-300 bg-white px-3 py-2 sm:w-40 dark:border-zinc-700 dark:bg-zinc-900 ${focusRing}`}
            >
              <option value="all">All tracks</option>
              {TRACKS.map((t) => (
                <option key={t} value={t}>
                  {TRACK_LABELS[t]}
                </option>
              ))}
            </select>
          </label>
        </form>
      </search>

      <p aria-live="polite" className="min-h-5 text-sm text-zinc-600 dark:text-zinc-400">
        {results.state === "idle" && `${listed.length} question${listed.length === 1 ? "" : "s"}`}
        {results.state === "searching" && "Searching…"}
        {results.state === "done" && `${results.hits.length} match${results.hits.length === 1 ? "" : "es"}`}
      </p>
      {results.state === "error" && (
        <p role="alert" data-testid="error-alert" className="text-sm text-rose-800 dark:text-rose-300">
          {results.message}
        </p>
      )}

      <ul data-testid="question-list" className="divide-y divide-zinc-200 rounded-xl border border-zinc-200 dark:divide-zinc-800 dark:border-zinc-800">
        {results.state === "done"
          ? results.hits.map((hit) => <QuestionRow key={hit.id} id={hit.id} title={hit.title} track={hit.track} detail={hit.passage} />)
          : results.state === "idle" &&
            listed.map((q) => <QuestionRow key={q.id} id={q.id} title={q.title} track={q.track} detail={`${q.keyPointCount} key points`} />)}
      </ul>
    </div>
  );
}

function QuestionRow({ id, title, track, detail }: { id: string; title: string; track: Track; detail: string }) {
  return (
    <li data-testid="question-row">
      <Link href={`/questions/${id}`} className={`block px-4 py-3 hover:bg-zinc-50 dark:hover:bg-zinc-900 ${focusRing}`}>
        <span className="text-xs font-semibold uppercase tracking-wide text-indigo-800 dark:text-indigo-300">{TRACK_LABELS[track]}</span>
        <span className="block font-medium">{title}</span>
        <span className="mt-0.5 line-clamp-2 block text-sm text-zinc-600 dark:text-zinc-400">{detail}</span>
      </Link>
    </li>
  );
}
