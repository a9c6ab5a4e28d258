UPDATE "public".oban_jobs SET state = 'scheduled' WHERE state = 'suspended';

