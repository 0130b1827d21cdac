-- AlterTable
ALTER TABLE "job_outbox" ADD COLUMN     "steps" TEXT[] DEFAULT ARRAY[]::TEXT[];
