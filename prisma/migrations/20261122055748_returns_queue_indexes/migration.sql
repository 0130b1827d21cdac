-- CreateIndex
CREATE INDEX "return_requests_shopId_resolution_createdAt_id_idx" ON "return_requests"("shopId", "resolution", "createdAt" DESC, "id" DESC);

-- The queue's email-prefix search ("alex@ex…") is a LIKE 'prefix%' range; the default btree operator
-- class serves that only under the C collation, so this one serves it under any database collation.
CREATE INDEX "return_requests_shopId_customerEmail_pattern_idx" ON "return_requests" ("shopId", "customerEmail" text_pattern_ops, "createdAt" DESC);
