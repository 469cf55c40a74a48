ALTER TABLE "entries" DROP CONSTRAINT "entries_status";--> statement-breakpoint
ALTER TABLE "entries" ADD COLUMN "deadline_extended_until" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "entries" ADD CONSTRAINT "entries_status" CHECK ("entries"."status" in ('draft', 'submitted', 'withdrawn', 'disqualified'));