CREATE TABLE "announcement_events" (
	"id" text PRIMARY KEY NOT NULL,
	"competition_id" text NOT NULL,
	"seq" integer NOT NULL,
	"type" text NOT NULL,
	"award_id" text,
	"data" jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "announcement_events_seq_key" UNIQUE("competition_id","seq"),
	CONSTRAINT "announcement_events_type" CHECK ("announcement_events"."type" in ('reveal', 'published')),
	CONSTRAINT "announcement_events_seq" CHECK ("announcement_events"."seq" >= 1)
);
--> statement-breakpoint
ALTER TABLE "announcement_events" ADD CONSTRAINT "announcement_events_competition_id_competitions_id_fk" FOREIGN KEY ("competition_id") REFERENCES "public"."competitions"("id") ON DELETE cascade ON UPDATE no action;