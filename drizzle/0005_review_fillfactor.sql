-- Reviews and their scores are rewritten on every autosave. With room left on each page,
-- PostgreSQL updates a row in place (a HOT update: no new index entries, no index bloat);
-- with full pages every save also writes both indexes of review_scores.
ALTER TABLE "reviews" SET (fillfactor = 70);--> statement-breakpoint
ALTER TABLE "review_scores" SET (fillfactor = 70);
