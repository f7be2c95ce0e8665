CREATE TABLE "review_state_backfill" (
	"identity_id" uuid PRIMARY KEY NOT NULL
);
--> statement-breakpoint
CREATE TABLE "review_state" (
	"identity_id" uuid NOT NULL,
	"question_id" text NOT NULL,
	"key_point_id" text NOT NULL,
	"track" text NOT NULL,
	"text" text NOT NULL,
	"last_verdict" text NOT NULL,
	"due" timestamp with time zone NOT NULL,
	"last_review" timestamp with time zone NOT NULL,
	"stability" double precision NOT NULL,
	"difficulty" double precision NOT NULL,
	"scheduled_days" integer NOT NULL,
	"reps" integer NOT NULL,
	"lapses" integer NOT NULL,
	"state" integer NOT NULL,
	"prior" jsonb,
	"last_session_id" uuid NOT NULL,
	"last_question_index" integer NOT NULL,
	"judged" integer NOT NULL,
	"missed" integer NOT NULL,
	"last_missed_at" timestamp with time zone,
	"missed_text" text,
	CONSTRAINT "review_state_identity_id_question_id_key_point_id_pk" PRIMARY KEY("identity_id","question_id","key_point_id")
);
--> statement-breakpoint
ALTER TABLE "review_state_backfill" ADD CONSTRAINT "review_state_backfill_identity_id_identities_id_fk" FOREIGN KEY ("identity_id") REFERENCES "public"."identities"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "review_state" ADD CONSTRAINT "review_state_identity_id_identities_id_fk" FOREIGN KEY ("identity_id") REFERENCES "public"."identities"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "review_state_identity_due_idx" ON "review_state" USING btree ("identity_id","due");--> statement-breakpoint
CREATE INDEX "review_state_identity_missed_idx" ON "review_state" USING btree ("identity_id","missed");