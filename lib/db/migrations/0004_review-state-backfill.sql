-- Review state is derived from stored answers by the FSRS scheduler, which SQL cannot run: mark every
-- identity that exists now for a one-time rebuild, which the app runs on start (lib/db/review-state.ts).
INSERT INTO "review_state_backfill" ("identity_id") SELECT "id" FROM "identities" ON CONFLICT DO NOTHING;
