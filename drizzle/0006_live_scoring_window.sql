ALTER TABLE "round_entries" ADD COLUMN "pitch_started_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "round_entries" ADD COLUMN "scoring_closed_at" timestamp with time zone;