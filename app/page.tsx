export default function Home() {
  return (
    <main className="mx-auto max-w-2xl p-8">
      <h1 className="text-3xl font-semibold">Rehearse</h1>
      <p className="mt-2">Mock interviews for Django, Flask and FastAPI, graded against a reference answer.</p>
    </main>
  );
}
