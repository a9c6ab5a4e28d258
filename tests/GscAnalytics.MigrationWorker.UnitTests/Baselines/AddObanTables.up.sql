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
    versions := ARRAY[]::int[];
  ELSE
    versions := ARRAY(SELECT generate_series(coalesce(recorded::int, 0) + 1, 12));
  END IF;
  PERFORM set_config('oban_migrations.versions', versions::text, true);
END $oban_plan$;

DO $oban_v01_up$
BEGIN
IF 1 = ANY(current_setting('oban_migrations.versions')::int[]) THEN
DO $$
BEGIN
IF NOT EXISTS (SELECT 1 FROM pg_type
               WHERE typname = 'oban_job_state'
                 AND typnamespace = 'public'::regnamespace::oid) THEN
    CREATE TYPE "public".oban_job_state AS ENUM (
      'available',
      'scheduled',
      'executing',
      'retryable',
      'completed',
      'discarded'
    );
  END IF;
END$$;
CREATE TABLE IF NOT EXISTS "public".oban_jobs (
  id bigserial,
  state "public".oban_job_state DEFAULT 'available' NOT NULL,
  queue text DEFAULT 'default' NOT NULL,
  worker text NOT NULL,
  args jsonb NOT NULL,
  errors jsonb[] DEFAULT ARRAY[]::jsonb[] NOT NULL,
  attempt integer DEFAULT 0 NOT NULL,
  max_attempts integer DEFAULT 20 NOT NULL,
  inserted_at timestamp DEFAULT timezone('UTC', now()) NOT NULL,
  scheduled_at timestamp DEFAULT timezone('UTC', now()) NOT NULL,
  attempted_at timestamp,
  completed_at timestamp,
  PRIMARY KEY (id)
);
CREATE INDEX IF NOT EXISTS oban_jobs_queue_index ON "public".oban_jobs (queue);
CREATE INDEX IF NOT EXISTS oban_jobs_state_index ON "public".oban_jobs (state);
CREATE INDEX IF NOT EXISTS oban_jobs_scheduled_at_index ON "public".oban_jobs (scheduled_at);
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
END $oban_v01_up$;

DO $oban_v02_up$
BEGIN
IF 2 = ANY(current_setting('oban_migrations.versions')::int[]) THEN
DROP INDEX IF EXISTS "public".oban_jobs_scheduled_at_index;
CREATE INDEX oban_jobs_scheduled_at_index ON "public".oban_jobs (scheduled_at) WHERE state in ('available'::"public".oban_job_state, 'scheduled'::"public".oban_job_state);
ALTER TABLE "public".oban_jobs ADD CONSTRAINT worker_length CHECK (char_length(worker) > 0 AND char_length(worker) < 128);
ALTER TABLE "public".oban_jobs ADD CONSTRAINT queue_length CHECK (char_length(queue) > 0 AND char_length(queue) < 128);
CREATE OR REPLACE FUNCTION "public".oban_wrap_id(value bigint) RETURNS int AS $$
BEGIN
  RETURN (CASE WHEN value > 2147483647 THEN mod(value, 2147483647) ELSE value END)::int;
END;
$$ LANGUAGE plpgsql IMMUTABLE;
END IF;
END $oban_v02_up$;

DO $oban_v03_up$
BEGIN
IF 3 = ANY(current_setting('oban_migrations.versions')::int[]) THEN
ALTER TABLE "public".oban_jobs ADD COLUMN IF NOT EXISTS attempted_by text[];
END IF;
END $oban_v03_up$;

DO $oban_v04_up$
BEGIN
IF 4 = ANY(current_setting('oban_migrations.versions')::int[]) THEN
DROP FUNCTION IF EXISTS "public".oban_wrap_id(value bigint);
END IF;
END $oban_v04_up$;

DO $oban_v05_up$
BEGIN
IF 5 = ANY(current_setting('oban_migrations.versions')::int[]) THEN
DROP INDEX IF EXISTS "public".oban_jobs_scheduled_at_index;
DROP INDEX IF EXISTS "public".oban_jobs_queue_index;
DROP INDEX IF EXISTS "public".oban_jobs_state_index;
CREATE INDEX IF NOT EXISTS oban_jobs_queue_state_scheduled_at_id_index ON "public".oban_jobs (queue, state, scheduled_at, id);
END IF;
END $oban_v05_up$;

DO $oban_v07_up$
BEGIN
IF 7 = ANY(current_setting('oban_migrations.versions')::int[]) THEN
CREATE INDEX IF NOT EXISTS oban_jobs_attempted_at_id_index ON "public".oban_jobs (attempted_at desc, id) WHERE state in ('completed', 'discarded');
END IF;
END $oban_v07_up$;

DO $oban_v08_up$
BEGIN
IF 8 = ANY(current_setting('oban_migrations.versions')::int[]) THEN
ALTER TABLE "public".oban_jobs
  ADD COLUMN IF NOT EXISTS discarded_at timestamp,
  ADD COLUMN IF NOT EXISTS priority integer,
  ADD COLUMN IF NOT EXISTS tags text[];
ALTER TABLE "public".oban_jobs
  ALTER COLUMN priority TYPE integer,
  ALTER COLUMN priority SET DEFAULT 0,
  ALTER COLUMN tags TYPE text[],
  ALTER COLUMN tags SET DEFAULT ARRAY[]::text[];
DROP INDEX IF EXISTS "public".oban_jobs_queue_state_scheduled_at_id_index;
CREATE INDEX IF NOT EXISTS oban_jobs_state_queue_priority_scheduled_at_id_index ON "public".oban_jobs (state, queue, priority, scheduled_at, id);
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
DROP TRIGGER IF EXISTS oban_notify ON "public".oban_jobs;
CREATE TRIGGER oban_notify
AFTER INSERT ON "public".oban_jobs
FOR EACH ROW EXECUTE PROCEDURE "public".oban_jobs_notify();
END IF;
END $oban_v08_up$;

DO $oban_v09_up$
BEGIN
IF 9 = ANY(current_setting('oban_migrations.versions')::int[]) THEN
ALTER TABLE "public".oban_jobs
  ADD COLUMN IF NOT EXISTS meta jsonb DEFAULT '{}',
  ADD COLUMN IF NOT EXISTS cancelled_at timestamp;
DO $$
DECLARE
  version int;
  already bool;
BEGIN
  SELECT current_setting('server_version_num')::int INTO version;
  SELECT '{cancelled}' <@ enum_range(NULL::"public".oban_job_state)::text[] INTO already;

  IF already THEN
    RETURN;
  ELSIF version >= 120000 THEN
    ALTER TYPE "public".oban_job_state ADD VALUE IF NOT EXISTS 'cancelled';
  ELSE
    ALTER TYPE "public".oban_job_state RENAME TO old_oban_job_state;

    CREATE TYPE "public".oban_job_state AS ENUM (
      'available',
      'scheduled',
      'executing',
      'retryable',
      'completed',
      'discarded',
      'cancelled'
    );

    ALTER TABLE "public".oban_jobs RENAME column state TO _state;
    ALTER TABLE "public".oban_jobs ADD state "public".oban_job_state NOT NULL default 'available';

    UPDATE "public".oban_jobs SET state = _state::text::"public".oban_job_state;

    ALTER TABLE "public".oban_jobs DROP column _state;
    DROP TYPE "public".old_oban_job_state;
  END IF;
END$$;
CREATE INDEX IF NOT EXISTS oban_jobs_state_queue_priority_scheduled_at_id_index ON "public".oban_jobs (state, queue, priority, scheduled_at, id);
END IF;
END $oban_v09_up$;

DO $oban_v10_up$
BEGIN
IF 10 = ANY(current_setting('oban_migrations.versions')::int[]) THEN
ALTER TABLE "public".oban_jobs
  ALTER COLUMN args TYPE jsonb,
  ALTER COLUMN args SET DEFAULT '{}',
  ALTER COLUMN priority TYPE integer,
  ALTER COLUMN priority SET NOT NULL;
ALTER TABLE "public".oban_jobs ADD CONSTRAINT priority_range CHECK (priority between 0 and 3);
ALTER TABLE "public".oban_jobs ADD CONSTRAINT positive_max_attempts CHECK (max_attempts > 0);
ALTER TABLE "public".oban_jobs ADD CONSTRAINT attempt_range CHECK (attempt between 0 and max_attempts);
DROP INDEX IF EXISTS "public".oban_jobs_args_vector;
DROP INDEX IF EXISTS "public".oban_jobs_worker_gist;
DROP INDEX IF EXISTS "public".oban_jobs_attempted_at_id_index;
CREATE INDEX IF NOT EXISTS oban_jobs_args_index ON "public".oban_jobs USING gin (args);
CREATE INDEX IF NOT EXISTS oban_jobs_meta_index ON "public".oban_jobs USING gin (meta);
END IF;
END $oban_v10_up$;

DO $oban_v11_up$
BEGIN
IF 11 = ANY(current_setting('oban_migrations.versions')::int[]) THEN
CREATE TABLE IF NOT EXISTS "public".oban_peers (
  name text NOT NULL,
  node text NOT NULL,
  started_at timestamp NOT NULL,
  expires_at timestamp NOT NULL,
  PRIMARY KEY (name)
);
ALTER TABLE "public".oban_peers SET UNLOGGED;
END IF;
END $oban_v11_up$;

DO $oban_v12_up$
BEGIN
IF 12 = ANY(current_setting('oban_migrations.versions')::int[]) THEN
ALTER TABLE "public".oban_jobs DROP CONSTRAINT priority_range;
ALTER TABLE "public".oban_jobs ADD CONSTRAINT non_negative_priority CHECK (priority >= 0) NOT VALID;
DROP TRIGGER IF EXISTS oban_notify ON "public".oban_jobs;
DROP FUNCTION IF EXISTS "public".oban_jobs_notify();
END IF;
END $oban_v12_up$;

DO $oban_version$
BEGIN
IF cardinality(current_setting('oban_migrations.versions')::int[]) > 0 THEN
COMMENT ON TABLE "public".oban_jobs IS '12';
END IF;
END $oban_version$;
