ALTER TABLE "public".oban_jobs ADD COLUMN IF NOT EXISTS attempted_by text[];

