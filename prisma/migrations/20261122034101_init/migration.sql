-- CreateSchema
CREATE SCHEMA IF NOT EXISTS "public";

-- CreateEnum
CREATE TYPE "Platform" AS ENUM ('shopify', 'woocommerce', 'demo');

-- CreateEnum
CREATE TYPE "PolicyStatus" AS ENUM ('draft', 'active', 'archived');

-- CreateEnum
CREATE TYPE "ReturnStatus" AS ENUM ('pending_triage', 'pending_review', 'approved', 'denied', 'completed', 'cancelled');

-- CreateEnum
CREATE TYPE "DecisionOutcome" AS ENUM ('approved', 'denied', 'pending_review', 'pending');

-- CreateEnum
CREATE TYPE "Resolution" AS ENUM ('refund', 'store_credit', 'exchange');

-- CreateEnum
CREATE TYPE "ReturnReason" AS ENUM ('size_too_small', 'size_too_large', 'not_as_described', 'damaged', 'defective', 'wrong_item', 'changed_mind', 'arrived_late', 'other');

-- CreateEnum
CREATE TYPE "ItemCondition" AS ENUM ('unopened', 'unworn', 'worn', 'damaged');

-- CreateEnum
CREATE TYPE "SyncStatus" AS ENUM ('not_required', 'pending', 'synced', 'failed');

-- CreateEnum
CREATE TYPE "ActorType" AS ENUM ('system', 'rules', 'ai', 'merchant', 'api', 'shopper', 'platform');

-- CreateEnum
CREATE TYPE "Severity" AS ENUM ('low', 'medium', 'high', 'critical');

-- CreateEnum
CREATE TYPE "Channel" AS ENUM ('chat', 'email', 'whatsapp', 'voice', 'video');

-- CreateEnum
CREATE TYPE "ConversationStatus" AS ENUM ('open', 'pending', 'snoozed', 'closed');

-- CreateEnum
CREATE TYPE "MessageRole" AS ENUM ('customer', 'ai', 'agent', 'system');

-- CreateEnum
CREATE TYPE "ArticleStatus" AS ENUM ('draft', 'published');

-- CreateEnum
CREATE TYPE "ArticleSource" AS ENUM ('manual', 'shopify_policy', 'woocommerce_policy', 'demo', 'import');

-- CreateEnum
CREATE TYPE "CallProvider" AS ENUM ('elevenlabs', 'tavus', 'twilio');

-- CreateEnum
CREATE TYPE "CallKind" AS ENUM ('voice', 'video');

-- CreateEnum
CREATE TYPE "CallStatus" AS ENUM ('scheduled', 'ringing', 'in_progress', 'completed', 'failed', 'cancelled');

-- CreateEnum
CREATE TYPE "Speaker" AS ENUM ('customer', 'ai', 'agent');

-- CreateEnum
CREATE TYPE "OutboxStatus" AS ENUM ('pending', 'dispatched', 'running', 'completed', 'failed');

-- CreateEnum
CREATE TYPE "EmailStatus" AS ENUM ('queued', 'sent', 'captured', 'failed');

-- CreateEnum
CREATE TYPE "BacktestStatus" AS ENUM ('queued', 'running', 'completed', 'failed');

-- CreateTable
CREATE TABLE "shops" (
    "id" UUID NOT NULL,
    "platform" "Platform" NOT NULL,
    "domain" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "email" TEXT,
    "currency" CHAR(3) NOT NULL DEFAULT 'USD',
    "timezone" TEXT NOT NULL DEFAULT 'UTC',
    "locale" TEXT NOT NULL DEFAULT 'en',
    "settings" JSONB NOT NULL DEFAULT '{}',
    "secrets" TEXT,
    "installedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "uninstalledAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "shops_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "shopify_sessions" (
    "id" TEXT NOT NULL,
    "shop" TEXT NOT NULL,
    "state" TEXT NOT NULL,
    "isOnline" BOOLEAN NOT NULL DEFAULT false,
    "scope" TEXT,
    "expires" TIMESTAMP(3),
    "accessToken" TEXT NOT NULL,
    "userId" BIGINT,
    "firstName" TEXT,
    "lastName" TEXT,
    "email" TEXT,
    "accountOwner" BOOLEAN NOT NULL DEFAULT false,
    "locale" TEXT,
    "collaborator" BOOLEAN DEFAULT false,
    "emailVerified" BOOLEAN DEFAULT false,
    "refreshToken" TEXT,
    "refreshTokenExpires" TIMESTAMP(3),

    CONSTRAINT "shopify_sessions_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "policies" (
    "id" UUID NOT NULL,
    "shopId" UUID NOT NULL,
    "version" INTEGER NOT NULL,
    "status" "PolicyStatus" NOT NULL DEFAULT 'draft',
    "rules" JSONB NOT NULL,
    "notes" TEXT,
    "impact" JSONB,
    "createdBy" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "activatedAt" TIMESTAMP(3),
    "archivedAt" TIMESTAMP(3),

    CONSTRAINT "policies_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "policy_backtests" (
    "id" UUID NOT NULL,
    "shopId" UUID NOT NULL,
    "policyId" UUID NOT NULL,
    "days" INTEGER NOT NULL,
    "status" "BacktestStatus" NOT NULL DEFAULT 'queued',
    "progress" INTEGER NOT NULL DEFAULT 0,
    "result" JSONB,
    "error" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "completedAt" TIMESTAMP(3),

    CONSTRAINT "policy_backtests_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "return_requests" (
    "id" UUID NOT NULL,
    "shopId" UUID NOT NULL,
    "platformOrderId" TEXT NOT NULL,
    "orderName" TEXT NOT NULL,
    "orderProcessedAt" TIMESTAMP(3) NOT NULL,
    "orderDeliveredAt" TIMESTAMP(3),
    "orderTotal" DECIMAL(12,2) NOT NULL,
    "currency" CHAR(3) NOT NULL,
    "customerEmail" TEXT NOT NULL,
    "customerName" TEXT,
    "customerIp" TEXT,
    "status" "ReturnStatus" NOT NULL DEFAULT 'pending_triage',
    "resolution" "Resolution" NOT NULL,
    "note" TEXT,
    "policyId" UUID,
    "policyVersion" INTEGER,
    "decisionOutcome" "DecisionOutcome" NOT NULL DEFAULT 'pending',
    "decisionReasons" JSONB NOT NULL DEFAULT '[]',
    "decisionExplanation" TEXT NOT NULL DEFAULT '',
    "decidedAt" TIMESTAMP(3),
    "decidedBy" TEXT,
    "riskScore" DECIMAL(4,3),
    "riskFactors" JSONB NOT NULL DEFAULT '[]',
    "aiRecommendation" JSONB,
    "refundEstimate" DECIMAL(12,2) NOT NULL DEFAULT 0,
    "restockingFee" DECIMAL(12,2) NOT NULL DEFAULT 0,
    "storeCreditBonus" DECIMAL(12,2) NOT NULL DEFAULT 0,
    "refundedAmount" DECIMAL(12,2),
    "idempotencyKey" TEXT,
    "platformReturnId" TEXT,
    "syncStatus" "SyncStatus" NOT NULL DEFAULT 'not_required',
    "syncError" TEXT,
    "syncedAt" TIMESTAMP(3),
    "conversationId" UUID,
    "receivedAt" TIMESTAMP(3),
    "completedAt" TIMESTAMP(3),
    "cancelledAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "return_requests_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "return_items" (
    "id" UUID NOT NULL,
    "returnId" UUID NOT NULL,
    "lineItemId" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "variantTitle" TEXT,
    "sku" TEXT,
    "productType" TEXT,
    "tags" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "quantity" INTEGER NOT NULL,
    "unitPrice" DECIMAL(12,2) NOT NULL,
    "reason" "ReturnReason" NOT NULL,
    "condition" "ItemCondition",
    "note" TEXT,
    "restock" BOOLEAN NOT NULL DEFAULT true,

    CONSTRAINT "return_items_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "evidence_files" (
    "id" UUID NOT NULL,
    "shopId" UUID NOT NULL,
    "returnId" UUID,
    "messageId" UUID,
    "storage" TEXT NOT NULL DEFAULT 'local',
    "storageKey" TEXT NOT NULL,
    "mimeType" TEXT NOT NULL,
    "byteSize" INTEGER NOT NULL,
    "sha256" CHAR(64) NOT NULL,
    "width" INTEGER,
    "height" INTEGER,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "evidence_files_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "customer_risk_profiles" (
    "id" UUID NOT NULL,
    "shopId" UUID NOT NULL,
    "email" TEXT NOT NULL,
    "orderCount" INTEGER NOT NULL DEFAULT 0,
    "returnCount" INTEGER NOT NULL DEFAULT 0,
    "deniedCount" INTEGER NOT NULL DEFAULT 0,
    "returnedValue" DECIMAL(12,2) NOT NULL DEFAULT 0,
    "riskScore" DECIMAL(4,3) NOT NULL DEFAULT 0,
    "flags" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "lastReturnAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "customer_risk_profiles_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "security_events" (
    "id" UUID NOT NULL,
    "shopId" UUID NOT NULL,
    "kind" TEXT NOT NULL,
    "severity" "Severity" NOT NULL,
    "customerEmail" TEXT,
    "returnId" UUID,
    "conversationId" UUID,
    "details" JSONB NOT NULL DEFAULT '{}',
    "resolvedAt" TIMESTAMP(3),
    "resolvedBy" TEXT,
    "resolution" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "security_events_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "audit_log" (
    "id" UUID NOT NULL,
    "shopId" UUID NOT NULL,
    "entityType" TEXT NOT NULL,
    "entityId" TEXT NOT NULL,
    "action" TEXT NOT NULL,
    "actorType" "ActorType" NOT NULL,
    "actorId" TEXT,
    "message" TEXT,
    "data" JSONB NOT NULL DEFAULT '{}',
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "audit_log_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "conversations" (
    "id" UUID NOT NULL,
    "shopId" UUID NOT NULL,
    "channel" "Channel" NOT NULL DEFAULT 'chat',
    "status" "ConversationStatus" NOT NULL DEFAULT 'open',
    "customerEmail" TEXT,
    "customerName" TEXT,
    "customerPhone" TEXT,
    "locale" TEXT NOT NULL DEFAULT 'en',
    "subject" TEXT,
    "assigneeId" TEXT,
    "assigneeName" TEXT,
    "aiActive" BOOLEAN NOT NULL DEFAULT true,
    "tokenHash" TEXT,
    "summary" TEXT,
    "unreadCount" INTEGER NOT NULL DEFAULT 0,
    "handoffCount" INTEGER NOT NULL DEFAULT 0,
    "handedOffAt" TIMESTAMP(3),
    "snoozedUntil" TIMESTAMP(3),
    "firstResponseAt" TIMESTAMP(3),
    "resolvedAt" TIMESTAMP(3),
    "resolvedByAi" BOOLEAN,
    "satisfaction" INTEGER,
    "metadata" JSONB NOT NULL DEFAULT '{}',
    "lastMessageAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "conversations_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "messages" (
    "id" UUID NOT NULL,
    "shopId" UUID NOT NULL,
    "conversationId" UUID NOT NULL,
    "role" "MessageRole" NOT NULL,
    "text" TEXT NOT NULL,
    "internal" BOOLEAN NOT NULL DEFAULT false,
    "authorId" TEXT,
    "authorName" TEXT,
    "toolCalls" JSONB,
    "sources" JSONB,
    "metadata" JSONB NOT NULL DEFAULT '{}',
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "messages_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "knowledge_articles" (
    "id" UUID NOT NULL,
    "shopId" UUID NOT NULL,
    "title" TEXT NOT NULL,
    "body" TEXT NOT NULL,
    "status" "ArticleStatus" NOT NULL DEFAULT 'draft',
    "source" "ArticleSource" NOT NULL DEFAULT 'manual',
    "sourceRef" TEXT,
    "tags" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "publishedAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,
    "searchVector" tsvector,

    CONSTRAINT "knowledge_articles_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "knowledge_chunks" (
    "id" UUID NOT NULL,
    "shopId" UUID NOT NULL,
    "articleId" UUID NOT NULL,
    "position" INTEGER NOT NULL,
    "heading" TEXT,
    "text" TEXT NOT NULL,
    "searchVector" tsvector,

    CONSTRAINT "knowledge_chunks_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "call_sessions" (
    "id" UUID NOT NULL,
    "shopId" UUID NOT NULL,
    "conversationId" UUID,
    "provider" "CallProvider" NOT NULL,
    "kind" "CallKind" NOT NULL,
    "status" "CallStatus" NOT NULL DEFAULT 'scheduled',
    "externalId" TEXT,
    "customerPhone" TEXT,
    "customerEmail" TEXT,
    "startedAt" TIMESTAMP(3),
    "endedAt" TIMESTAMP(3),
    "durationSeconds" INTEGER,
    "recordingKey" TEXT,
    "summary" TEXT,
    "metadata" JSONB NOT NULL DEFAULT '{}',
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "call_sessions_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "call_transcript_segments" (
    "id" UUID NOT NULL,
    "callId" UUID NOT NULL,
    "position" INTEGER NOT NULL,
    "speaker" "Speaker" NOT NULL,
    "text" TEXT NOT NULL,
    "startMs" INTEGER,
    "endMs" INTEGER,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "call_transcript_segments_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "api_keys" (
    "id" UUID NOT NULL,
    "shopId" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "prefix" TEXT NOT NULL,
    "keyHash" CHAR(64) NOT NULL,
    "lastUsedAt" TIMESTAMP(3),
    "revokedAt" TIMESTAMP(3),
    "createdBy" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "api_keys_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "webhook_deliveries" (
    "id" UUID NOT NULL,
    "platform" "Platform" NOT NULL,
    "deliveryId" TEXT NOT NULL,
    "topic" TEXT NOT NULL,
    "shopDomain" TEXT NOT NULL,
    "shopId" UUID,
    "receivedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "processedAt" TIMESTAMP(3),

    CONSTRAINT "webhook_deliveries_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "compliance_requests" (
    "id" UUID NOT NULL,
    "topic" TEXT NOT NULL,
    "shopDomain" TEXT NOT NULL,
    "customerEmail" TEXT,
    "customerId" TEXT,
    "payload" JSONB NOT NULL,
    "result" JSONB,
    "completedAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "compliance_requests_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "job_outbox" (
    "id" UUID NOT NULL,
    "shopId" UUID,
    "name" TEXT NOT NULL,
    "payload" JSONB NOT NULL,
    "dedupKey" TEXT,
    "status" "OutboxStatus" NOT NULL DEFAULT 'pending',
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "maxAttempts" INTEGER NOT NULL DEFAULT 5,
    "runAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "lockedUntil" TIMESTAMP(3),
    "lastError" TEXT,
    "dispatchedAt" TIMESTAMP(3),
    "completedAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "job_outbox_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "demo_orders" (
    "id" UUID NOT NULL,
    "shopId" UUID NOT NULL,
    "platformOrderId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "email" TEXT NOT NULL,
    "customerName" TEXT,
    "currency" CHAR(3) NOT NULL,
    "totalPrice" DECIMAL(12,2) NOT NULL,
    "processedAt" TIMESTAMP(3) NOT NULL,
    "deliveredAt" TIMESTAMP(3),
    "note" TEXT,
    "shippingAddress" JSONB,
    "lineItems" JSONB NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "demo_orders_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "email_messages" (
    "id" UUID NOT NULL,
    "shopId" UUID NOT NULL,
    "to" TEXT NOT NULL,
    "subject" TEXT NOT NULL,
    "text" TEXT NOT NULL,
    "html" TEXT,
    "status" "EmailStatus" NOT NULL DEFAULT 'queued',
    "transport" TEXT,
    "relatedType" TEXT,
    "relatedId" TEXT,
    "error" TEXT,
    "sentAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "email_messages_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "analytics_daily" (
    "shopId" UUID NOT NULL,
    "day" DATE NOT NULL,
    "requested" INTEGER NOT NULL DEFAULT 0,
    "approved" INTEGER NOT NULL DEFAULT 0,
    "autoApproved" INTEGER NOT NULL DEFAULT 0,
    "denied" INTEGER NOT NULL DEFAULT 0,
    "completed" INTEGER NOT NULL DEFAULT 0,
    "cancelled" INTEGER NOT NULL DEFAULT 0,
    "refundValue" DECIMAL(14,2) NOT NULL DEFAULT 0,
    "storeCreditValue" DECIMAL(14,2) NOT NULL DEFAULT 0,
    "exchangeValue" DECIMAL(14,2) NOT NULL DEFAULT 0,
    "byReason" JSONB NOT NULL DEFAULT '{}',
    "conversations" INTEGER NOT NULL DEFAULT 0,
    "resolvedByAi" INTEGER NOT NULL DEFAULT 0,
    "handoffs" INTEGER NOT NULL DEFAULT 0,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "analytics_daily_pkey" PRIMARY KEY ("shopId","day")
);

-- CreateTable
CREATE TABLE "admin_sessions" (
    "id" UUID NOT NULL,
    "shopId" UUID NOT NULL,
    "tokenHash" CHAR(64) NOT NULL,
    "userName" TEXT,
    "userEmail" TEXT,
    "expiresAt" TIMESTAMP(3) NOT NULL,
    "revokedAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "lastSeenAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "admin_sessions_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "connect_codes" (
    "id" UUID NOT NULL,
    "shopId" UUID,
    "codeHash" CHAR(64) NOT NULL,
    "label" TEXT,
    "expiresAt" TIMESTAMP(3) NOT NULL,
    "usedAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "connect_codes_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "used_tokens" (
    "id" TEXT NOT NULL,
    "purpose" TEXT NOT NULL,
    "expiresAt" TIMESTAMP(3) NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "used_tokens_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "shops_platform_domain_key" ON "shops"("platform", "domain");

-- CreateIndex
CREATE INDEX "shopify_sessions_shop_idx" ON "shopify_sessions"("shop");

-- CreateIndex
CREATE INDEX "policies_shopId_status_idx" ON "policies"("shopId", "status");

-- CreateIndex
CREATE UNIQUE INDEX "policies_shopId_version_key" ON "policies"("shopId", "version");

-- CreateIndex
CREATE INDEX "policy_backtests_shopId_policyId_createdAt_idx" ON "policy_backtests"("shopId", "policyId", "createdAt" DESC);

-- CreateIndex
CREATE INDEX "return_requests_shopId_status_createdAt_id_idx" ON "return_requests"("shopId", "status", "createdAt" DESC, "id" DESC);

-- CreateIndex
CREATE INDEX "return_requests_shopId_createdAt_id_idx" ON "return_requests"("shopId", "createdAt" DESC, "id" DESC);

-- CreateIndex
CREATE INDEX "return_requests_shopId_customerEmail_createdAt_idx" ON "return_requests"("shopId", "customerEmail", "createdAt" DESC);

-- CreateIndex
CREATE INDEX "return_requests_shopId_platformOrderId_idx" ON "return_requests"("shopId", "platformOrderId");

-- CreateIndex
CREATE INDEX "return_requests_shopId_orderName_idx" ON "return_requests"("shopId", "orderName");

-- CreateIndex
CREATE UNIQUE INDEX "return_requests_shopId_idempotencyKey_key" ON "return_requests"("shopId", "idempotencyKey");

-- CreateIndex
CREATE UNIQUE INDEX "return_items_returnId_lineItemId_key" ON "return_items"("returnId", "lineItemId");

-- CreateIndex
CREATE INDEX "evidence_files_returnId_idx" ON "evidence_files"("returnId");

-- CreateIndex
CREATE INDEX "evidence_files_messageId_idx" ON "evidence_files"("messageId");

-- CreateIndex
CREATE INDEX "evidence_files_shopId_createdAt_idx" ON "evidence_files"("shopId", "createdAt");

-- CreateIndex
CREATE INDEX "customer_risk_profiles_shopId_riskScore_idx" ON "customer_risk_profiles"("shopId", "riskScore" DESC);

-- CreateIndex
CREATE UNIQUE INDEX "customer_risk_profiles_shopId_email_key" ON "customer_risk_profiles"("shopId", "email");

-- CreateIndex
CREATE INDEX "security_events_shopId_resolvedAt_createdAt_idx" ON "security_events"("shopId", "resolvedAt", "createdAt" DESC);

-- CreateIndex
CREATE INDEX "audit_log_shopId_entityType_entityId_createdAt_idx" ON "audit_log"("shopId", "entityType", "entityId", "createdAt");

-- CreateIndex
CREATE INDEX "audit_log_shopId_createdAt_idx" ON "audit_log"("shopId", "createdAt" DESC);

-- CreateIndex
CREATE INDEX "conversations_shopId_status_lastMessageAt_idx" ON "conversations"("shopId", "status", "lastMessageAt" DESC);

-- CreateIndex
CREATE INDEX "conversations_shopId_customerEmail_idx" ON "conversations"("shopId", "customerEmail");

-- CreateIndex
CREATE INDEX "conversations_shopId_assigneeId_status_idx" ON "conversations"("shopId", "assigneeId", "status");

-- CreateIndex
CREATE INDEX "messages_conversationId_createdAt_idx" ON "messages"("conversationId", "createdAt");

-- CreateIndex
CREATE INDEX "messages_shopId_createdAt_idx" ON "messages"("shopId", "createdAt");

-- CreateIndex
CREATE INDEX "knowledge_articles_shopId_status_updatedAt_idx" ON "knowledge_articles"("shopId", "status", "updatedAt" DESC);

-- CreateIndex
CREATE INDEX "knowledge_articles_searchVector_idx" ON "knowledge_articles" USING GIN ("searchVector");

-- CreateIndex
CREATE UNIQUE INDEX "knowledge_articles_shopId_source_sourceRef_key" ON "knowledge_articles"("shopId", "source", "sourceRef");

-- CreateIndex
CREATE INDEX "knowledge_chunks_shopId_idx" ON "knowledge_chunks"("shopId");

-- CreateIndex
CREATE INDEX "knowledge_chunks_searchVector_idx" ON "knowledge_chunks" USING GIN ("searchVector");

-- CreateIndex
CREATE UNIQUE INDEX "knowledge_chunks_articleId_position_key" ON "knowledge_chunks"("articleId", "position");

-- CreateIndex
CREATE INDEX "call_sessions_shopId_createdAt_idx" ON "call_sessions"("shopId", "createdAt" DESC);

-- CreateIndex
CREATE UNIQUE INDEX "call_sessions_provider_externalId_key" ON "call_sessions"("provider", "externalId");

-- CreateIndex
CREATE UNIQUE INDEX "call_transcript_segments_callId_position_key" ON "call_transcript_segments"("callId", "position");

-- CreateIndex
CREATE UNIQUE INDEX "api_keys_keyHash_key" ON "api_keys"("keyHash");

-- CreateIndex
CREATE INDEX "api_keys_shopId_createdAt_idx" ON "api_keys"("shopId", "createdAt" DESC);

-- CreateIndex
CREATE INDEX "webhook_deliveries_shopDomain_receivedAt_idx" ON "webhook_deliveries"("shopDomain", "receivedAt");

-- CreateIndex
CREATE UNIQUE INDEX "webhook_deliveries_platform_deliveryId_key" ON "webhook_deliveries"("platform", "deliveryId");

-- CreateIndex
CREATE INDEX "compliance_requests_shopDomain_createdAt_idx" ON "compliance_requests"("shopDomain", "createdAt");

-- CreateIndex
CREATE UNIQUE INDEX "job_outbox_dedupKey_key" ON "job_outbox"("dedupKey");

-- CreateIndex
CREATE INDEX "job_outbox_status_runAt_idx" ON "job_outbox"("status", "runAt");

-- CreateIndex
CREATE INDEX "job_outbox_shopId_status_createdAt_idx" ON "job_outbox"("shopId", "status", "createdAt" DESC);

-- CreateIndex
CREATE INDEX "demo_orders_shopId_email_idx" ON "demo_orders"("shopId", "email");

-- CreateIndex
CREATE INDEX "demo_orders_shopId_processedAt_idx" ON "demo_orders"("shopId", "processedAt" DESC);

-- CreateIndex
CREATE UNIQUE INDEX "demo_orders_shopId_platformOrderId_key" ON "demo_orders"("shopId", "platformOrderId");

-- CreateIndex
CREATE UNIQUE INDEX "demo_orders_shopId_name_key" ON "demo_orders"("shopId", "name");

-- CreateIndex
CREATE INDEX "email_messages_shopId_createdAt_idx" ON "email_messages"("shopId", "createdAt" DESC);

-- CreateIndex
CREATE INDEX "email_messages_relatedType_relatedId_idx" ON "email_messages"("relatedType", "relatedId");

-- CreateIndex
CREATE UNIQUE INDEX "admin_sessions_tokenHash_key" ON "admin_sessions"("tokenHash");

-- CreateIndex
CREATE INDEX "admin_sessions_shopId_idx" ON "admin_sessions"("shopId");

-- CreateIndex
CREATE UNIQUE INDEX "connect_codes_codeHash_key" ON "connect_codes"("codeHash");

-- CreateIndex
CREATE INDEX "used_tokens_expiresAt_idx" ON "used_tokens"("expiresAt");

-- AddForeignKey
ALTER TABLE "policies" ADD CONSTRAINT "policies_shopId_fkey" FOREIGN KEY ("shopId") REFERENCES "shops"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "policy_backtests" ADD CONSTRAINT "policy_backtests_shopId_fkey" FOREIGN KEY ("shopId") REFERENCES "shops"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "policy_backtests" ADD CONSTRAINT "policy_backtests_policyId_fkey" FOREIGN KEY ("policyId") REFERENCES "policies"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "return_requests" ADD CONSTRAINT "return_requests_shopId_fkey" FOREIGN KEY ("shopId") REFERENCES "shops"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "return_requests" ADD CONSTRAINT "return_requests_policyId_fkey" FOREIGN KEY ("policyId") REFERENCES "policies"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "return_requests" ADD CONSTRAINT "return_requests_conversationId_fkey" FOREIGN KEY ("conversationId") REFERENCES "conversations"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "return_items" ADD CONSTRAINT "return_items_returnId_fkey" FOREIGN KEY ("returnId") REFERENCES "return_requests"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "evidence_files" ADD CONSTRAINT "evidence_files_shopId_fkey" FOREIGN KEY ("shopId") REFERENCES "shops"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "evidence_files" ADD CONSTRAINT "evidence_files_returnId_fkey" FOREIGN KEY ("returnId") REFERENCES "return_requests"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "evidence_files" ADD CONSTRAINT "evidence_files_messageId_fkey" FOREIGN KEY ("messageId") REFERENCES "messages"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "customer_risk_profiles" ADD CONSTRAINT "customer_risk_profiles_shopId_fkey" FOREIGN KEY ("shopId") REFERENCES "shops"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "security_events" ADD CONSTRAINT "security_events_shopId_fkey" FOREIGN KEY ("shopId") REFERENCES "shops"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "security_events" ADD CONSTRAINT "security_events_returnId_fkey" FOREIGN KEY ("returnId") REFERENCES "return_requests"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "security_events" ADD CONSTRAINT "security_events_conversationId_fkey" FOREIGN KEY ("conversationId") REFERENCES "conversations"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "audit_log" ADD CONSTRAINT "audit_log_shopId_fkey" FOREIGN KEY ("shopId") REFERENCES "shops"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "conversations" ADD CONSTRAINT "conversations_shopId_fkey" FOREIGN KEY ("shopId") REFERENCES "shops"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "messages" ADD CONSTRAINT "messages_shopId_fkey" FOREIGN KEY ("shopId") REFERENCES "shops"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "messages" ADD CONSTRAINT "messages_conversationId_fkey" FOREIGN KEY ("conversationId") REFERENCES "conversations"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "knowledge_articles" ADD CONSTRAINT "knowledge_articles_shopId_fkey" FOREIGN KEY ("shopId") REFERENCES "shops"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "knowledge_chunks" ADD CONSTRAINT "knowledge_chunks_shopId_fkey" FOREIGN KEY ("shopId") REFERENCES "shops"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "knowledge_chunks" ADD CONSTRAINT "knowledge_chunks_articleId_fkey" FOREIGN KEY ("articleId") REFERENCES "knowledge_articles"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "call_sessions" ADD CONSTRAINT "call_sessions_shopId_fkey" FOREIGN KEY ("shopId") REFERENCES "shops"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "call_sessions" ADD CONSTRAINT "call_sessions_conversationId_fkey" FOREIGN KEY ("conversationId") REFERENCES "conversations"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "call_transcript_segments" ADD CONSTRAINT "call_transcript_segments_callId_fkey" FOREIGN KEY ("callId") REFERENCES "call_sessions"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "api_keys" ADD CONSTRAINT "api_keys_shopId_fkey" FOREIGN KEY ("shopId") REFERENCES "shops"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "webhook_deliveries" ADD CONSTRAINT "webhook_deliveries_shopId_fkey" FOREIGN KEY ("shopId") REFERENCES "shops"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "job_outbox" ADD CONSTRAINT "job_outbox_shopId_fkey" FOREIGN KEY ("shopId") REFERENCES "shops"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "demo_orders" ADD CONSTRAINT "demo_orders_shopId_fkey" FOREIGN KEY ("shopId") REFERENCES "shops"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "email_messages" ADD CONSTRAINT "email_messages_shopId_fkey" FOREIGN KEY ("shopId") REFERENCES "shops"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "analytics_daily" ADD CONSTRAINT "analytics_daily_shopId_fkey" FOREIGN KEY ("shopId") REFERENCES "shops"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "admin_sessions" ADD CONSTRAINT "admin_sessions_shopId_fkey" FOREIGN KEY ("shopId") REFERENCES "shops"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "connect_codes" ADD CONSTRAINT "connect_codes_shopId_fkey" FOREIGN KEY ("shopId") REFERENCES "shops"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- Constraints Prisma's schema language cannot express (docs/data-model.md lists them).

-- At most one active policy version per shop.
CREATE UNIQUE INDEX "policies_one_active_per_shop" ON "policies" ("shopId") WHERE "status" = 'active';

ALTER TABLE "policies" ADD CONSTRAINT "policies_version_positive" CHECK ("version" > 0);
ALTER TABLE "policy_backtests" ADD CONSTRAINT "policy_backtests_days_range" CHECK ("days" BETWEEN 1 AND 730);
ALTER TABLE "policy_backtests" ADD CONSTRAINT "policy_backtests_progress_range" CHECK ("progress" BETWEEN 0 AND 100);
ALTER TABLE "shops" ADD CONSTRAINT "shops_currency_format" CHECK ("currency" ~ '^[A-Z]{3}$');
ALTER TABLE "shops" ADD CONSTRAINT "shops_domain_lowercase" CHECK ("domain" = lower("domain") AND length("domain") BETWEEN 3 AND 255);
ALTER TABLE "return_requests" ADD CONSTRAINT "return_requests_currency_format" CHECK ("currency" ~ '^[A-Z]{3}$');
ALTER TABLE "return_requests" ADD CONSTRAINT "return_requests_money_nonnegative" CHECK ("orderTotal" >= 0 AND "refundEstimate" >= 0 AND "restockingFee" >= 0 AND "storeCreditBonus" >= 0 AND ("refundedAmount" IS NULL OR "refundedAmount" >= 0));
ALTER TABLE "return_requests" ADD CONSTRAINT "return_requests_risk_range" CHECK ("riskScore" IS NULL OR ("riskScore" >= 0 AND "riskScore" <= 1));
ALTER TABLE "return_requests" ADD CONSTRAINT "return_requests_email_lowercase" CHECK ("customerEmail" = lower("customerEmail"));
ALTER TABLE "return_items" ADD CONSTRAINT "return_items_quantity_positive" CHECK ("quantity" > 0);
ALTER TABLE "return_items" ADD CONSTRAINT "return_items_price_nonnegative" CHECK ("unitPrice" >= 0);
ALTER TABLE "evidence_files" ADD CONSTRAINT "evidence_files_owner" CHECK ("returnId" IS NOT NULL OR "messageId" IS NOT NULL);
ALTER TABLE "evidence_files" ADD CONSTRAINT "evidence_files_size" CHECK ("byteSize" > 0 AND "byteSize" <= 10485760);
ALTER TABLE "customer_risk_profiles" ADD CONSTRAINT "customer_risk_profiles_counts" CHECK ("orderCount" >= 0 AND "returnCount" >= 0 AND "deniedCount" >= 0);
ALTER TABLE "customer_risk_profiles" ADD CONSTRAINT "customer_risk_profiles_risk_range" CHECK ("riskScore" >= 0 AND "riskScore" <= 1);
ALTER TABLE "conversations" ADD CONSTRAINT "conversations_satisfaction_range" CHECK ("satisfaction" IS NULL OR "satisfaction" BETWEEN 1 AND 5);
ALTER TABLE "conversations" ADD CONSTRAINT "conversations_counts" CHECK ("unreadCount" >= 0 AND "handoffCount" >= 0);
ALTER TABLE "call_sessions" ADD CONSTRAINT "call_sessions_duration" CHECK ("durationSeconds" IS NULL OR "durationSeconds" >= 0);
ALTER TABLE "job_outbox" ADD CONSTRAINT "job_outbox_attempts" CHECK ("attempts" >= 0 AND "maxAttempts" >= 1);
ALTER TABLE "demo_orders" ADD CONSTRAINT "demo_orders_total_nonnegative" CHECK ("totalPrice" >= 0);
ALTER TABLE "demo_orders" ADD CONSTRAINT "demo_orders_line_items_array" CHECK (jsonb_typeof("lineItems") = 'array');
ALTER TABLE "analytics_daily" ADD CONSTRAINT "analytics_daily_counts" CHECK ("requested" >= 0 AND "approved" >= 0 AND "denied" >= 0 AND "completed" >= 0 AND "cancelled" >= 0);

-- Full-text search vectors, kept by triggers (a generated column would read as a default to Prisma).
CREATE FUNCTION "knowledge_articles_search_vector"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  NEW."searchVector" := setweight(to_tsvector('english', coalesce(NEW."title", '')), 'A')
    || setweight(to_tsvector('english', coalesce(NEW."body", '')), 'B');
  RETURN NEW;
END $$;
CREATE TRIGGER "knowledge_articles_search_vector" BEFORE INSERT OR UPDATE OF "title", "body" ON "knowledge_articles"
  FOR EACH ROW EXECUTE FUNCTION "knowledge_articles_search_vector"();

CREATE FUNCTION "knowledge_chunks_search_vector"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  NEW."searchVector" := setweight(to_tsvector('english', coalesce(NEW."heading", '')), 'A')
    || setweight(to_tsvector('english', coalesce(NEW."text", '')), 'B');
  RETURN NEW;
END $$;
CREATE TRIGGER "knowledge_chunks_search_vector" BEFORE INSERT OR UPDATE OF "heading", "text" ON "knowledge_chunks"
  FOR EACH ROW EXECUTE FUNCTION "knowledge_chunks_search_vector"();
