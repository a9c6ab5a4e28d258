DROP INDEX IF EXISTS "private".oban_jobs_attempted_at_id_index;

