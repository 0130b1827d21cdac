-- AlterTable
ALTER TABLE "return_items" ADD COLUMN     "exchangeFor" JSONB;

-- AlterTable
ALTER TABLE "return_requests" ADD COLUMN     "exchange" JSONB,
ADD COLUMN     "platformExchangeId" TEXT;

-- CreateTable
CREATE TABLE "demo_variants" (
    "id" UUID NOT NULL,
    "shopId" UUID NOT NULL,
    "productId" TEXT NOT NULL,
    "productTitle" TEXT NOT NULL,
    "productType" TEXT,
    "tags" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "variantId" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "sku" TEXT,
    "price" DECIMAL(12,2) NOT NULL,
    "inventory" INTEGER NOT NULL,
    "position" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "demo_variants_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "demo_variants_shopId_productId_position_idx" ON "demo_variants"("shopId", "productId", "position");

-- CreateIndex
CREATE UNIQUE INDEX "demo_variants_shopId_variantId_key" ON "demo_variants"("shopId", "variantId");

-- AddForeignKey
ALTER TABLE "demo_variants" ADD CONSTRAINT "demo_variants_shopId_fkey" FOREIGN KEY ("shopId") REFERENCES "shops"("id") ON DELETE CASCADE ON UPDATE CASCADE;
