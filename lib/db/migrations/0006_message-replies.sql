ALTER TABLE "messages" ADD COLUMN "turn_id" uuid;--> statement-breakpoint
ALTER TABLE "messages" ADD COLUMN "reply_to" text;--> statement-breakpoint
CREATE UNIQUE INDEX "messages_session_reply_to_idx" ON "messages" USING btree ("session_id","reply_to");