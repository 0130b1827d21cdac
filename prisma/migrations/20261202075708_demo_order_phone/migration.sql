-- AlterTable
ALTER TABLE "demo_orders" ADD COLUMN     "phone" TEXT;
