-- CreateIndex
CREATE INDEX "return_requests_shopId_customerIp_createdAt_idx" ON "return_requests"("shopId", "customerIp", "createdAt" DESC);
