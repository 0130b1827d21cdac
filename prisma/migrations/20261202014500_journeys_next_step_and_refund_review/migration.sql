-- What the shopper was told to do once the return was approved (ship, drop off or keep the item,
-- with the deadline), kept as it was said so a later change of settings does not move a promise.
ALTER TABLE "return_requests" ADD COLUMN "nextStep" JSONB;

-- The merchant's refund review: how many of each line were refunded, and for how much.
ALTER TABLE "return_items" ADD COLUMN "refundQuantity" INTEGER;
ALTER TABLE "return_items" ADD COLUMN "refundAmount" DECIMAL(12,2);
ALTER TABLE "return_items" ADD CONSTRAINT "return_items_refundQuantity_check" CHECK ("refundQuantity" IS NULL OR ("refundQuantity" >= 0 AND "refundQuantity" <= "quantity"));
ALTER TABLE "return_items" ADD CONSTRAINT "return_items_refundAmount_check" CHECK ("refundAmount" IS NULL OR "refundAmount" >= 0);
