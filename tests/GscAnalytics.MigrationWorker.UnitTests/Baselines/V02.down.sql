ALTER TABLE "public".oban_jobs DROP CONSTRAINT IF EXISTS queue_length;

ALTER TABLE "public".oban_jobs DROP CONSTRAINT IF EXISTS worker_length;

DROP INDEX IF EXISTS "public".oban_jobs_scheduled_at_index;

CREATE INDEX oban_jobs_scheduled_at_index ON "public".oban_jobs (scheduled_at);

DROP FUNCTION IF EXISTS "public".oban_wrap_id(value bigint);

