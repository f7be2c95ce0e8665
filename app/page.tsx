import { ResumeSessions } from "./_components/home/resume-sessions";
import { DueToday } from "./_components/progress/due-today";
import { StartSessionForm } from "./_components/home/start-session-form";

export default function Home() {
  return (
    <main id="main" className="mx-auto max-w-3xl space-y-6 px-4 py-8">
      <div>
        <h1 className="text-3xl font-semibold tracking-tight">Rehearse</h1>
        <p className="mt-2 text-zinc-700 dark:text-zinc-300">
          A mock interviewer for Django, Flask and FastAPI: it asks, grades your answer against a reference, and probes what you missed.
        </p>
      </div>
      <StartSessionForm />
      {/* Below the form: these appear after a fetch and must not push the start controls down. */}
      <ResumeSessions />
      <DueToday />
    </main>
  );
}
