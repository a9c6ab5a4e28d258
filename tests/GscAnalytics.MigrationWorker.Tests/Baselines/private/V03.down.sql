ALTER TABLE "private".oban_jobs DROP COLUMN IF EXISTS attempted_by;

