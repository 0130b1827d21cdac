-- AlterTable
ALTER TABLE "evidence_files" ADD COLUMN     "perceptualHash" CHAR(16),
ADD COLUMN     "quality" TEXT NOT NULL DEFAULT 'unchecked',
ADD COLUMN     "reusedEvidenceId" UUID;

-- CreateIndex
CREATE INDEX "evidence_files_shopId_perceptualHash_idx" ON "evidence_files"("shopId", "perceptualHash");
