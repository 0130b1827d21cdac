-- CreateEnum
CREATE TYPE "IdentityKind" AS ENUM ('email', 'phone', 'whatsapp', 'shopify_customer', 'woocommerce_customer');

-- AlterTable
ALTER TABLE "call_sessions" ADD COLUMN     "contactId" UUID;

-- AlterTable
ALTER TABLE "conversations" ADD COLUMN     "contactId" UUID;

-- AlterTable
ALTER TABLE "customer_risk_profiles" ADD COLUMN     "contactId" UUID;

-- AlterTable
ALTER TABLE "return_requests" ADD COLUMN     "contactId" UUID;

-- CreateTable
CREATE TABLE "contacts" (
    "id" UUID NOT NULL,
    "shopId" UUID NOT NULL,
    "name" TEXT,
    "mergedIntoId" UUID,
    "mergedAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "contacts_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "contact_identities" (
    "id" UUID NOT NULL,
    "shopId" UUID NOT NULL,
    "contactId" UUID NOT NULL,
    "kind" "IdentityKind" NOT NULL,
    "value" TEXT NOT NULL,
    "verified" BOOLEAN NOT NULL DEFAULT false,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "contact_identities_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "contact_merge_suggestions" (
    "id" UUID NOT NULL,
    "shopId" UUID NOT NULL,
    "contactId" UUID NOT NULL,
    "otherContactId" UUID NOT NULL,
    "reason" TEXT NOT NULL,
    "dismissedAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "contact_merge_suggestions_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "contacts_shopId_createdAt_id_idx" ON "contacts"("shopId", "createdAt" DESC, "id" DESC);

-- CreateIndex
CREATE INDEX "contacts_shopId_mergedIntoId_idx" ON "contacts"("shopId", "mergedIntoId");

-- CreateIndex
CREATE INDEX "contact_identities_contactId_idx" ON "contact_identities"("contactId");

-- CreateIndex
CREATE UNIQUE INDEX "contact_identities_shopId_kind_value_key" ON "contact_identities"("shopId", "kind", "value");

-- CreateIndex
CREATE INDEX "contact_merge_suggestions_shopId_dismissedAt_createdAt_idx" ON "contact_merge_suggestions"("shopId", "dismissedAt", "createdAt" DESC);

-- CreateIndex
CREATE INDEX "contact_merge_suggestions_otherContactId_idx" ON "contact_merge_suggestions"("otherContactId");

-- CreateIndex
CREATE UNIQUE INDEX "contact_merge_suggestions_shopId_contactId_otherContactId_key" ON "contact_merge_suggestions"("shopId", "contactId", "otherContactId");

-- CreateIndex
CREATE INDEX "call_sessions_contactId_createdAt_idx" ON "call_sessions"("contactId", "createdAt" DESC);

-- CreateIndex
CREATE INDEX "conversations_contactId_lastMessageAt_idx" ON "conversations"("contactId", "lastMessageAt" DESC);

-- CreateIndex
CREATE INDEX "customer_risk_profiles_contactId_idx" ON "customer_risk_profiles"("contactId");

-- CreateIndex
CREATE INDEX "return_requests_contactId_createdAt_idx" ON "return_requests"("contactId", "createdAt" DESC);

-- AddForeignKey
ALTER TABLE "return_requests" ADD CONSTRAINT "return_requests_contactId_fkey" FOREIGN KEY ("contactId") REFERENCES "contacts"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "customer_risk_profiles" ADD CONSTRAINT "customer_risk_profiles_contactId_fkey" FOREIGN KEY ("contactId") REFERENCES "contacts"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "conversations" ADD CONSTRAINT "conversations_contactId_fkey" FOREIGN KEY ("contactId") REFERENCES "contacts"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "call_sessions" ADD CONSTRAINT "call_sessions_contactId_fkey" FOREIGN KEY ("contactId") REFERENCES "contacts"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "contacts" ADD CONSTRAINT "contacts_shopId_fkey" FOREIGN KEY ("shopId") REFERENCES "shops"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "contact_identities" ADD CONSTRAINT "contact_identities_shopId_fkey" FOREIGN KEY ("shopId") REFERENCES "shops"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "contact_identities" ADD CONSTRAINT "contact_identities_contactId_fkey" FOREIGN KEY ("contactId") REFERENCES "contacts"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "contact_merge_suggestions" ADD CONSTRAINT "contact_merge_suggestions_shopId_fkey" FOREIGN KEY ("shopId") REFERENCES "shops"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "contact_merge_suggestions" ADD CONSTRAINT "contact_merge_suggestions_contactId_fkey" FOREIGN KEY ("contactId") REFERENCES "contacts"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "contact_merge_suggestions" ADD CONSTRAINT "contact_merge_suggestions_otherContactId_fkey" FOREIGN KEY ("otherContactId") REFERENCES "contacts"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- Contacts for rows written without one (returns, calls, risk profiles, and conversations a channel
-- opened before it knew better): the owner of the row's email identity, else of its phone, created
-- unverified when nobody owns it yet. Code that knows more (verified identities, several at once)
-- resolves the contact itself and sets "contactId", and the trigger leaves it alone.
CREATE FUNCTION "contacts_find_or_create"(p_shop UUID, p_kind "IdentityKind", p_value TEXT, p_name TEXT) RETURNS UUID LANGUAGE plpgsql AS $$
DECLARE
  owner_id UUID;
  created UUID := gen_random_uuid();
  stamp TIMESTAMP(3) := (now() AT TIME ZONE 'UTC');
BEGIN
  SELECT "contactId" INTO owner_id FROM "contact_identities" WHERE "shopId" = p_shop AND "kind" = p_kind AND "value" = p_value;
  IF owner_id IS NOT NULL THEN
    RETURN owner_id;
  END IF;
  INSERT INTO "contacts" ("id", "shopId", "name", "createdAt", "updatedAt") VALUES (created, p_shop, NULLIF(left(btrim(p_name), 255), ''), stamp, stamp);
  INSERT INTO "contact_identities" ("id", "shopId", "contactId", "kind", "value", "verified", "createdAt", "updatedAt")
  VALUES (gen_random_uuid(), p_shop, created, p_kind, p_value, false, stamp, stamp)
  ON CONFLICT ("shopId", "kind", "value") DO NOTHING;
  IF NOT FOUND THEN
    -- Someone else created the identity meanwhile: theirs wins, ours goes.
    DELETE FROM "contacts" WHERE "id" = created;
    SELECT "contactId" INTO owner_id FROM "contact_identities" WHERE "shopId" = p_shop AND "kind" = p_kind AND "value" = p_value;
    RETURN owner_id;
  END IF;
  RETURN created;
END $$;

-- Trigger arguments: the row's email column, its phone column ('' for none), its name column ('' for none).
CREATE FUNCTION "contacts_link_row"() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  fields JSONB;
  email TEXT;
  phone TEXT;
  person TEXT;
BEGIN
  IF NEW."contactId" IS NOT NULL THEN
    RETURN NEW;
  END IF;
  fields := to_jsonb(NEW);
  email := lower(btrim(fields ->> TG_ARGV[0]));
  phone := CASE WHEN TG_ARGV[1] <> '' THEN btrim(fields ->> TG_ARGV[1]) END;
  person := CASE WHEN TG_ARGV[2] <> '' THEN fields ->> TG_ARGV[2] END;
  IF email IS NOT NULL AND position('@' IN email) > 1 AND email NOT LIKE '%@redacted.invalid' THEN
    NEW."contactId" := "contacts_find_or_create"(NEW."shopId", 'email', email, person);
  ELSIF phone ~ '^\+[1-9][0-9]{6,14}$' THEN
    NEW."contactId" := "contacts_find_or_create"(NEW."shopId", 'phone', phone, person);
  END IF;
  RETURN NEW;
END $$;

CREATE TRIGGER "return_requests_contact" BEFORE INSERT ON "return_requests"
  FOR EACH ROW EXECUTE FUNCTION "contacts_link_row"('customerEmail', '', 'customerName');
CREATE TRIGGER "conversations_contact" BEFORE INSERT ON "conversations"
  FOR EACH ROW EXECUTE FUNCTION "contacts_link_row"('customerEmail', 'customerPhone', 'customerName');
CREATE TRIGGER "call_sessions_contact" BEFORE INSERT ON "call_sessions"
  FOR EACH ROW EXECUTE FUNCTION "contacts_link_row"('customerEmail', 'customerPhone', '');
CREATE TRIGGER "customer_risk_profiles_contact" BEFORE INSERT ON "customer_risk_profiles"
  FOR EACH ROW EXECUTE FUNCTION "contacts_link_row"('email', '', '');
