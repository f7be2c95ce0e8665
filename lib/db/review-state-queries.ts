import { and, eq, getTableColumns, inArray, sql, type SQL } from "drizzle-orm";
import { gradedTurnColumns } from "./attempts";
import { placeholderRow, preparedOn, type Db } from "./client";
import { assessments, reviewStateBackfill, reviewStates, sessions, turns, type ReviewStateRow } from "./schema";

/**
 * The rows of review_state and review_state_backfill. What the rows mean (FSRS cards kept equal to
 * the replay of the stored answers) is lib/progress/review-state.ts; every function takes the
 * database or the transaction it must run in.
 */

export type NewReviewStateRow = typeof reviewStates.$inferInsert;

/** A graded turn with what the schedule needs from it: the identity, its place in the session, the verdicts. */
async function gradedTurnWhere(db: Db, where: SQL | undefined) {
  const [row] = await db
    .select({
      identityId: sessions.identityId,
      ...gradedTurnColumns,
      /** The identity still waits for its rebuild (review_state_backfill), read in the same statement. */
      backfillPending: sql<boolean>`exists (select 1 from ${reviewStateBackfill} where ${reviewStateBackfill.identityId} = ${sessions.identityId})`,
    })
    .from(turns)
    .innerJoin(sessions, eq(sessions.id, turns.sessionId))
    .innerJoin(assessments, eq(assessments.turnId, turns.id))
    .where(where)
    .limit(1);
  return row;
}

export type GradedTurnRow = NonNullable<Awaited<ReturnType<typeof gradedTurnWhere>>>;

export function readGradedTurn(db: Db, turnId: string): Promise<GradedTurnRow | undefined> {
  return gradedTurnWhere(db, eq(turns.id, turnId));
}

/** The graded main turn of a session's question `questionIndex` (what its follow-ups belong to). */
export function readGradedMainTurn(db: Db, sessionId: string, questionIndex: number): Promise<GradedTurnRow | undefined> {
  return gradedTurnWhere(db, and(eq(turns.sessionId, sessionId), eq(turns.questionIndex, questionIndex), eq(turns.kind, "main")));
}

/**
 * The review rows of these points, and whether the identity still waits for its rebuild
 * (review_state_backfill), in one statement: the one-row subquery keeps the flag when the points
 * have no rows yet.
 */
export async function readReviewRowsAndBackfill(
  db: Db,
  identityId: string,
  questionId: string,
  keyPointIds: readonly string[],
): Promise<{ backfillPending: boolean; rows: ReviewStateRow[] }> {
  const n = keyPointIds.length;
  const statement = preparedOn(db, `review_rows_and_backfill:${n}`, (db, name) =>
    db
      .select({
        backfillPending: sql<boolean>`exists (select 1 from ${reviewStateBackfill} where ${reviewStateBackfill.identityId} = ${sql.placeholder("identityId")})`,
        row: reviewStates,
      })
      .from(sql`(select 1) as "one"`)
      .leftJoin(
        reviewStates,
        and(
          eq(reviewStates.identityId, sql.placeholder("identityId")),
          eq(reviewStates.questionId, sql.placeholder("questionId")),
          inArray(
            reviewStates.keyPointId,
            Array.from({ length: n }, (_, i) => sql.placeholder(`point${i}`)),
          ),
        ),
      )
      .prepare(name),
  );
  const found = await statement.execute({ identityId, questionId, ...Object.fromEntries(keyPointIds.map((id, i) => [`point${i}`, id])) });
  return { backfillPending: found[0]?.backfillPending === true, rows: found.flatMap((f) => (f.row ? [f.row] : [])) };
}

/** Every column but the key, set from the row being inserted: an upsert replaces the whole card. */
const replacedColumns = Object.fromEntries(
  Object.entries(getTableColumns(reviewStates))
    .filter(([name]) => !["identityId", "questionId", "keyPointId"].includes(name))
    .map(([name, column]) => [name, sql.raw(`excluded."${column.name}"`)]),
);

/** Stores these cards' rows, replacing any the points had: one statement. */
export async function upsertReviewRows(db: Db, rows: readonly NewReviewStateRow[]): Promise<void> {
  if (rows.length === 0) return;
  const placed = rows.map((row, i) => placeholderRow(`row${i}.`, row));
  const statement = preparedOn(db, `upsert_review_rows:${placed.map((p) => p.shape).join("|")}`, (db, name) =>
    db
      .insert(reviewStates)
      .values(placed.map((p) => p.placeholders))
      .onConflictDoUpdate({ target: [reviewStates.identityId, reviewStates.questionId, reviewStates.keyPointId], set: replacedColumns })
      .prepare(name),
  );
  await statement.execute(Object.assign({}, ...placed.map((p) => p.values)));
}

/** Replaces every row of the identity. */
export async function replaceAllReviewRows(db: Db, identityId: string, rows: readonly NewReviewStateRow[]): Promise<void> {
  await db.delete(reviewStates).where(eq(reviewStates.identityId, identityId));
  for (let i = 0; i < rows.length; i += 500) await db.insert(reviewStates).values(rows.slice(i, i + 500));
}

export async function listReviewRows(db: Db, identityId: string): Promise<ReviewStateRow[]> {
  return db.select().from(reviewStates).where(eq(reviewStates.identityId, identityId));
}

export async function listBackfillPending(db: Db): Promise<string[]> {
  const rows = await db.select({ id: reviewStateBackfill.identityId }).from(reviewStateBackfill);
  return rows.map((r) => r.id);
}

/**
 * Takes the identity off the backfill list; false when it was not on it (another app instance took
 * it first). In a transaction, the row stays locked until commit, so two instances never rebuild one
 * identity at once.
 */
export async function claimBackfill(db: Db, identityId: string): Promise<boolean> {
  const deleted = await db.delete(reviewStateBackfill).where(eq(reviewStateBackfill.identityId, identityId)).returning({ id: reviewStateBackfill.identityId });
  return deleted.length > 0;
}
