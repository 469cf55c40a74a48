ALTER TABLE "award_winners" ADD COLUMN "citation_zh" text DEFAULT '' NOT NULL;--> statement-breakpoint
ALTER TABLE "awards" ADD COLUMN "name_zh" text DEFAULT '' NOT NULL;--> statement-breakpoint
ALTER TABLE "awards" ADD COLUMN "description_zh" text DEFAULT '' NOT NULL;--> statement-breakpoint
ALTER TABLE "competitions" ADD COLUMN "name_zh" text DEFAULT '' NOT NULL;--> statement-breakpoint
ALTER TABLE "competitions" ADD COLUMN "description_zh" text DEFAULT '' NOT NULL;--> statement-breakpoint
ALTER TABLE "criteria" ADD COLUMN "label_zh" text DEFAULT '' NOT NULL;--> statement-breakpoint
ALTER TABLE "criteria" ADD COLUMN "description_zh" text DEFAULT '' NOT NULL;--> statement-breakpoint
ALTER TABLE "tracks" ADD COLUMN "name_zh" text DEFAULT '' NOT NULL;