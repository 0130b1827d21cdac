-- AlterTable
ALTER TABLE "email_messages" ADD COLUMN     "headers" JSONB;

-- CreateTable
CREATE TABLE "shop_mailboxes" (
    "shopId" UUID NOT NULL,
    "localPart" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "shop_mailboxes_pkey" PRIMARY KEY ("shopId")
);

-- CreateIndex
CREATE UNIQUE INDEX "shop_mailboxes_localPart_key" ON "shop_mailboxes"("localPart");

-- AddForeignKey
ALTER TABLE "shop_mailboxes" ADD CONSTRAINT "shop_mailboxes_shopId_fkey" FOREIGN KEY ("shopId") REFERENCES "shops"("id") ON DELETE CASCADE ON UPDATE CASCADE;
