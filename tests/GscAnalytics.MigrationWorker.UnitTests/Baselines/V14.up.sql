ALTER TYPE "public".oban_job_state ADD VALUE IF NOT EXISTS 'suspended' BEFORE 'scheduled';

