DO $oban_plan$
DECLARE
  recorded text;
  versions int[];
BEGIN
  -- Two runners on one schema wait for each other instead of both creating the same objects.
  PERFORM pg_advisory_xact_lock(hashtext('oban_migrations'), hashtext('public'));
  recorded := (SELECT pg_catalog.obj_description(c.oid, 'pg_class')
     FROM pg_catalog.pg_class c
     JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
     WHERE c.relname = 'oban_jobs' AND n.nspname = 'public');
  IF recorded IS NOT NULL AND recorded <> '∞' AND recorded !~ '^[0-9]{1,9}$' THEN
    RAISE EXCEPTION 'The comment on public.oban_jobs is %, which is not an Oban version; set it to the version the schema is at (COMMENT ON TABLE) or remove it.', quote_literal(recorded)
      USING ERRCODE = 'OB000';
  END IF;
  IF recorded = '∞' THEN
    RAISE EXCEPTION 'Oban in schema "public" is marked as managed elsewhere (comment ''∞'' on oban_jobs); refusing to roll it back.'
      USING ERRCODE = 'OB000';
  END IF;
  IF recorded::int > 14 THEN
    RAISE EXCEPTION 'Oban in schema "public" is at version %, newer than the latest this port knows (14); roll it back with that Oban release.', recorded
      USING ERRCODE = 'OB000';
  END IF;
  versions := ARRAY(SELECT generate_series(greatest(coalesce(recorded::int, 0), 1), 1, -1));
  PERFORM set_config('oban_migrations.versions', versions::text, true);
END $oban_plan$;

DO $oban_v14_down$
BEGIN
IF 14 = ANY(current_setting('oban_migrations.versions')::int[]) THEN
UPDATE "public".oban_jobs SET state = 'scheduled' WHERE state = 'suspended';
END IF;
END $oban_v14_down$;

DO $oban_v13_down$
BEGIN
IF 13 = ANY(current_setting('oban_migrations.versions')::int[]) THEN
DROP INDEX IF EXISTS "public".oban_jobs_state_discarded_at_index;
DROP INDEX IF EXISTS "public".oban_jobs_state_cancelled_at_index;
END IF;
END $oban_v13_down$;

DO $oban_v12_down$
BEGIN
IF 12 = ANY(current_setting('oban_migrations.versions')::int[]) THEN
ALTER TABLE "public".oban_jobs DROP CONSTRAINT non_negative_priority;
ALTER TABLE "public".oban_jobs ADD CONSTRAINT priority_range CHECK (priority between 0 and 3) NOT VALID;
CREATE OR REPLACE FUNCTION "public".oban_jobs_notify() RETURNS trigger AS $$
DECLARE
  channel text;
  notice json;
BEGIN
  IF NEW.state = 'available' THEN
    channel = 'public.oban_insert';
    notice = json_build_object('queue', NEW.queue);

    PERFORM pg_notify(channel, notice::text);
  END IF;

  RETURN NULL;
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER oban_notify
AFTER INSERT ON "public".oban_jobs
FOR EACH ROW EXECUTE PROCEDURE "public".oban_jobs_notify();
END IF;
END $oban_v12_down$;

DO $oban_v11_down$
BEGIN
IF 11 = ANY(current_setting('oban_migrations.versions')::int[]) THEN
DROP TABLE "public".oban_peers;
END IF;
END $oban_v11_down$;

DO $oban_v10_down$
BEGIN
IF 10 = ANY(current_setting('oban_migrations.versions')::int[]) THEN
ALTER TABLE "public".oban_jobs
  ALTER COLUMN args TYPE jsonb,
  ALTER COLUMN args SET DEFAULT NULL,
  ALTER COLUMN priority TYPE integer,
  ALTER COLUMN priority DROP NOT NULL;
ALTER TABLE "public".oban_jobs DROP CONSTRAINT IF EXISTS attempt_range;
ALTER TABLE "public".oban_jobs DROP CONSTRAINT IF EXISTS positive_max_attempts;
ALTER TABLE "public".oban_jobs DROP CONSTRAINT IF EXISTS priority_range;
END IF;
END $oban_v10_down$;

DO $oban_v09_down$
BEGIN
IF 9 = ANY(current_setting('oban_migrations.versions')::int[]) THEN
ALTER TABLE "public".oban_jobs
  DROP COLUMN IF EXISTS meta,
  DROP COLUMN IF EXISTS cancelled_at;
DO $$
BEGIN
  UPDATE "public".oban_jobs SET state = 'discarded' WHERE state = 'cancelled';

  ALTER TYPE "public".oban_job_state RENAME TO old_oban_job_state;

  CREATE TYPE "public".oban_job_state AS ENUM (
      'available',
      'scheduled',
      'executing',
      'retryable',
      'completed',
      'discarded'
    );

  ALTER TABLE "public".oban_jobs RENAME column state TO _state;
  ALTER TABLE "public".oban_jobs ADD state "public".oban_job_state NOT NULL default 'available';

  UPDATE "public".oban_jobs SET state = _state::text::"public".oban_job_state;

  ALTER TABLE "public".oban_jobs DROP column _state;
  DROP TYPE "public".old_oban_job_state;
END$$;
END IF;
END $oban_v09_down$;

DO $oban_v08_down$
BEGIN
IF 8 = ANY(current_setting('oban_migrations.versions')::int[]) THEN
DROP INDEX IF EXISTS "public".oban_jobs_queue_state_priority_scheduled_at_id_index;
CREATE INDEX IF NOT EXISTS oban_jobs_queue_state_scheduled_at_id_index ON "public".oban_jobs (queue, state, scheduled_at, id);
ALTER TABLE "public".oban_jobs
  DROP COLUMN IF EXISTS discarded_at,
  DROP COLUMN IF EXISTS priority,
  DROP COLUMN IF EXISTS tags;
CREATE OR REPLACE FUNCTION "public".oban_jobs_notify() RETURNS trigger AS $$
DECLARE
  channel text;
  notice json;
BEGIN
  IF (TG_OP = 'INSERT') THEN
    channel = 'public.oban_insert';
    notice = json_build_object('queue', NEW.queue, 'state', NEW.state);

    -- No point triggering for a job that isn't scheduled to run now
    IF NEW.scheduled_at IS NOT NULL AND NEW.scheduled_at > now() AT TIME ZONE 'utc' THEN
      RETURN null;
    END IF;
  ELSE
    channel = 'public.oban_update';
    notice = json_build_object('queue', NEW.queue, 'new_state', NEW.state, 'old_state', OLD.state);
  END IF;

  PERFORM pg_notify(channel, notice::text);

  RETURN NULL;
END;
$$ LANGUAGE plpgsql;
DROP TRIGGER IF EXISTS oban_notify ON "public".oban_jobs;
CREATE TRIGGER oban_notify
AFTER INSERT OR UPDATE OF state ON "public".oban_jobs
FOR EACH ROW EXECUTE PROCEDURE "public".oban_jobs_notify();
END IF;
END $oban_v08_down$;

DO $oban_v07_down$
BEGIN
IF 7 = ANY(current_setting('oban_migrations.versions')::int[]) THEN
DROP INDEX IF EXISTS "public".oban_jobs_attempted_at_id_index;
END IF;
END $oban_v07_down$;

DO $oban_v05_down$
BEGIN
IF 5 = ANY(current_setting('oban_migrations.versions')::int[]) THEN
DROP INDEX IF EXISTS "public".oban_jobs_queue_state_scheduled_at_id_index;
CREATE INDEX IF NOT EXISTS oban_jobs_queue_index ON "public".oban_jobs (queue);
CREATE INDEX IF NOT EXISTS oban_jobs_state_index ON "public".oban_jobs (state);
CREATE INDEX oban_jobs_scheduled_at_index ON "public".oban_jobs (scheduled_at) WHERE state in ('available'::"public".oban_job_state, 'scheduled'::"public".oban_job_state);
END IF;
END $oban_v05_down$;

DO $oban_v04_down$
BEGIN
IF 4 = ANY(current_setting('oban_migrations.versions')::int[]) THEN
CREATE OR REPLACE FUNCTION "public".oban_wrap_id(value bigint) RETURNS int AS $$
BEGIN
  RETURN (CASE WHEN value > 2147483647 THEN mod(value, 2147483647) ELSE value END)::int;
END;
$$ LANGUAGE plpgsql IMMUTABLE;
END IF;
END $oban_v04_down$;

DO $oban_v03_down$
BEGIN
IF 3 = ANY(current_setting('oban_migrations.versions')::int[]) THEN
ALTER TABLE "public".oban_jobs DROP COLUMN IF EXISTS attempted_by;
END IF;
END $oban_v03_down$;

DO $oban_v02_down$
BEGIN
IF 2 = ANY(current_setting('oban_migrations.versions')::int[]) THEN
ALTER TABLE "public".oban_jobs DROP CONSTRAINT IF EXISTS queue_length;
ALTER TABLE "public".oban_jobs DROP CONSTRAINT IF EXISTS worker_length;
DROP INDEX IF EXISTS "public".oban_jobs_scheduled_at_index;
CREATE INDEX oban_jobs_scheduled_at_index ON "public".oban_jobs (scheduled_at);
DROP FUNCTION IF EXISTS "public".oban_wrap_id(value bigint);
END IF;
END $oban_v02_down$;

DO $oban_v01_down$
BEGIN
IF 1 = ANY(current_setting('oban_migrations.versions')::int[]) THEN
DROP TRIGGER IF EXISTS oban_notify ON "public".oban_jobs;
DROP FUNCTION IF EXISTS "public".oban_jobs_notify();
DROP TABLE IF EXISTS "public".oban_jobs;
DROP TYPE IF EXISTS "public".oban_job_state;
END IF;
END $oban_v01_down$;
