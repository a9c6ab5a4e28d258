ALTER TABLE "public".oban_jobs DROP COLUMN IF EXISTS attempted_by;

