-- How long a job's last attempt ran, so the jobs page can show it.
ALTER TABLE "job_outbox" ADD COLUMN "durationMs" INTEGER;
