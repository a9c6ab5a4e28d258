ALTER TABLE "private".oban_jobs DROP CONSTRAINT IF EXISTS queue_length;

ALTER TABLE "private".oban_jobs DROP CONSTRAINT IF EXISTS worker_length;

DROP INDEX IF EXISTS "private".oban_jobs_scheduled_at_index;

CREATE INDEX oban_jobs_scheduled_at_index ON "private".oban_jobs (scheduled_at);

DROP FUNCTION IF EXISTS "private".oban_wrap_id(value bigint);

