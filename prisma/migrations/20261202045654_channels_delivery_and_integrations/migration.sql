-- CreateEnum
CREATE TYPE "DeliveryStatus" AS ENUM ('queued', 'sent', 'delivered', 'read', 'failed');

-- CreateEnum
CREATE TYPE "IntegrationKind" AS ENUM ('email', 'whatsapp', 'elevenlabs', 'tavus');

-- CreateEnum
CREATE TYPE "IntegrationStatus" AS ENUM ('connected', 'failing', 'disconnected');

-- AlterTable
ALTER TABLE "messages" ADD COLUMN     "deliveryError" TEXT,
ADD COLUMN     "deliveryStatus" "DeliveryStatus",
ADD COLUMN     "externalId" TEXT;

-- CreateTable
CREATE TABLE "shop_integrations" (
    "id" UUID NOT NULL,
    "shopId" UUID NOT NULL,
    "kind" "IntegrationKind" NOT NULL,
    "status" "IntegrationStatus" NOT NULL DEFAULT 'connected',
    "details" JSONB NOT NULL DEFAULT '{}',
    "secrets" TEXT,
    "lastCheckedAt" TIMESTAMP(3),
    "lastError" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "shop_integrations_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "shop_integrations_shopId_kind_key" ON "shop_integrations"("shopId", "kind");

-- CreateIndex
CREATE UNIQUE INDEX "messages_shopId_externalId_key" ON "messages"("shopId", "externalId");

-- AddForeignKey
ALTER TABLE "shop_integrations" ADD CONSTRAINT "shop_integrations_shopId_fkey" FOREIGN KEY ("shopId") REFERENCES "shops"("id") ON DELETE CASCADE ON UPDATE CASCADE;
