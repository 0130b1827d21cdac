-- CreateEnum
CREATE TYPE "ApiKeyScope" AS ENUM ('read', 'write');

-- AlterTable
ALTER TABLE "api_keys" ADD COLUMN     "scope" "ApiKeyScope" NOT NULL DEFAULT 'write';
