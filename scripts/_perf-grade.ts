import { readFileSync } from "node:fs";
import { startServer } from "./bench-load";
import { newSession, sendAnswer } from "./bench-client";
const ANSWERS = readFileSync("eval/grading-dev.jsonl", "utf8")
  .split("\n")
  .filter(Boolean)
  .map((l) => (JSON.parse(l) as { answer: string }).answer);
if (process.env.PROF) process.env.NODE_OPTIONS = `--cpu-prof --cpu-prof-dir=${process.env.PROF}`;
const server = await startServer(5502, null, { nextStart: false, withoutIdleGc: false });
const t0 = performance.now() - server.readyMs;
const out: string[] = [`ready ${server.readyMs}`];
for (let i = 0; i < 12; i++) {
  const session = await newSession(server.url);
  if (i === 0) {
    const p = await fetch(`${server.url}/interview/${session.id}`, { headers: { cookie: session.cookie } });
    await p.text();
  }
  await new Promise((r) => setTimeout(r, 300));
  const s = performance.now();
  out.push(`t ${Math.round(s - t0)}`);
  const r = await sendAnswer(server.url, session, `g-${i}`, ANSWERS[0]!);
  await r.text();
  out.push(`grading ${i + 1}: ${Math.round(performance.now() - s)} ms`);
}
console.log(out.join("\n"));
await server.stop();
