DROP INDEX IF EXISTS "public".oban_jobs_state_discarded_at_index;

DROP INDEX IF EXISTS "public".oban_jobs_state_cancelled_at_index;

