DROP INDEX IF EXISTS "public".oban_jobs_attempted_at_id_index;

