CREATE TABLE "tally_runs" (
	"id" text PRIMARY KEY NOT NULL,
	"round_id" text NOT NULL,
	"snapshot_id" text NOT NULL,
	"method" text NOT NULL,
	"job_id" text,
	"requested_by" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "tally_snapshots" ADD COLUMN "cutoff_per_track" integer;--> statement-breakpoint
ALTER TABLE "tally_runs" ADD CONSTRAINT "tally_runs_round_id_rounds_id_fk" FOREIGN KEY ("round_id") REFERENCES "public"."rounds"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tally_runs" ADD CONSTRAINT "tally_runs_snapshot_id_tally_snapshots_id_fk" FOREIGN KEY ("snapshot_id") REFERENCES "public"."tally_snapshots"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tally_runs" ADD CONSTRAINT "tally_runs_requested_by_users_id_fk" FOREIGN KEY ("requested_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "tally_runs_round_idx" ON "tally_runs" USING btree ("round_id","method","created_at");