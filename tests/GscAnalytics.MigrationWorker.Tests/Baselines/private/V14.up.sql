ALTER TYPE "private".oban_job_state ADD VALUE IF NOT EXISTS 'suspended' BEFORE 'scheduled';

