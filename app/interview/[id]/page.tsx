import type { Metadata } from "next";
import { InterviewScreen } from "@/app/_components/interview/interview-screen";
import { graderSummary } from "@/lib/ai/providers";

export const metadata: Metadata = { title: "Interview — Rehearse" };

export default async function InterviewPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  return (
    <main id="main" className="mx-auto max-w-3xl px-4 py-6">
      {/* Read on the server: the client never sees the environment, only the model id and host. */}
      <InterviewScreen sessionId={id} grader={graderSummary()} />
    </main>
  );
}
