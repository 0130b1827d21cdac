import { customerDataRequestJob, customerRedactJob, shopRedactJob } from "./compliance/jobs";
import { rollupAnalyticsJob, sweepAnalyticsJob } from "./analytics/jobs";
import { answerMessageJob, deliverReplyJob, discardChatAttachmentJob, summarizeChatJob, wakeConversationJob } from "./conversations/jobs";
import { bindJobHandler } from "./jobs/bind-job-handler";
import { createJobRegistry } from "./jobs/create-job-registry";
import { embedArticleJob } from "./knowledge/jobs";
import { enforceRetentionJob, pruneBookkeepingJob } from "./maintenance/jobs";
import { sendMerchantEmailJob } from "./notifications/jobs";
import { backtestPolicyJob } from "./policies/jobs";
import { followUpReturnJob, notifyReturnJob, sweepTriageJob, syncReturnJob, triageReturnJob } from "./returns/jobs";
import { shopifyAppUninstalledJob } from "./shops/jobs";
import { woocommerceOrderUpdatedJob } from "./woocommerce/jobs";
import { whatsAppFetchMediaJob } from "./channels/whatsapp/jobs";
import { forgetCallProviderDataJob, reconcileCallJob, recordCallEventJob, syncCallAgentsJob } from "./calls/jobs";
import { backtestRuleJob, deliverWebhookJob, dispatchAutomationJob, noReplyCheckJob } from "./automation/jobs";

// Each domain's handlers are imported when one of its jobs first runs. Besides keeping a web
// process from loading every domain at start, it keeps this composition root the only module that
// knows both the infrastructure (jobs/) and the domains: jobs/ imports no domain, and a domain
// that enqueues imports only definitions, never a handler.
const returns = () => import("./returns/job-handlers.server");
const compliance = () => import("./compliance/job-handlers.server");
const analytics = () => import("./analytics/job-handlers.server");
const conversations = () => import("./conversations/job-handlers.server");
const maintenance = () => import("./maintenance/job-handlers.server");
const automation = () => import("./automation/job-handlers.server");
const calls = () => import("./calls/job-handlers.server");

/**
 * Every job the app knows, with its handler: the web process's in-process runtime, the BullMQ
 * dispatcher and `npm run workers` all run this one registry, so a job runs the same everywhere.
 */
export const jobRegistry = createJobRegistry([
  bindJobHandler(shopifyAppUninstalledJob, async () => (await import("./shops/job-handlers.server")).handleShopifyAppUninstalled),
  bindJobHandler(customerDataRequestJob, async () => (await compliance()).handleCustomerDataRequest),
  bindJobHandler(customerRedactJob, async () => (await compliance()).handleCustomerRedact),
  bindJobHandler(shopRedactJob, async () => (await compliance()).handleShopRedact),
  bindJobHandler(followUpReturnJob, async () => (await returns()).handleFollowUpReturn),
  // Still run for a new return's jobs queued before `returns.follow-up`, and by transitions, evidence and the sweep.
  bindJobHandler(triageReturnJob, async () => (await returns()).handleTriageReturn),
  bindJobHandler(sweepTriageJob, async () => (await returns()).handleSweepTriage),
  bindJobHandler(syncReturnJob, async () => (await returns()).handleSyncReturn),
  bindJobHandler(notifyReturnJob, async () => (await returns()).handleNotifyReturn),
  bindJobHandler(pruneBookkeepingJob, async () => (await maintenance()).handlePruneBookkeeping),
  bindJobHandler(enforceRetentionJob, async () => (await maintenance()).handleEnforceRetention),
  bindJobHandler(backtestPolicyJob, async () => (await import("./policies/job-handlers.server")).handleBacktestPolicy),
  bindJobHandler(rollupAnalyticsJob, async () => (await analytics()).handleRollupAnalytics),
  bindJobHandler(sweepAnalyticsJob, async () => (await analytics()).handleSweepAnalytics),
  bindJobHandler(discardChatAttachmentJob, async () => (await conversations()).handleDiscardChatAttachment),
  bindJobHandler(summarizeChatJob, async () => (await conversations()).handleSummarizeChat),
  bindJobHandler(wakeConversationJob, async () => (await conversations()).handleWakeConversation),
  bindJobHandler(answerMessageJob, async () => (await conversations()).handleAnswerMessage),
  bindJobHandler(deliverReplyJob, async () => (await conversations()).handleDeliverReply),
  bindJobHandler(embedArticleJob, async () => (await import("./knowledge/job-handlers.server")).handleEmbedArticle),
  bindJobHandler(woocommerceOrderUpdatedJob, async () => (await import("./woocommerce/job-handlers.server")).handleWooCommerceOrderUpdated),
  bindJobHandler(whatsAppFetchMediaJob, async () => (await import("./channels/whatsapp/job-handlers.server")).handleFetchWhatsAppMedia),
  bindJobHandler(sendMerchantEmailJob, async () => (await import("./notifications/job-handlers.server")).handleSendMerchantEmail),
  bindJobHandler(dispatchAutomationJob, async () => (await automation()).handleDispatchAutomation),
  bindJobHandler(noReplyCheckJob, async () => (await automation()).handleNoReplyCheck),
  bindJobHandler(backtestRuleJob, async () => (await automation()).handleBacktestRule),
  bindJobHandler(deliverWebhookJob, async () => (await automation()).handleDeliverWebhook),
  bindJobHandler(recordCallEventJob, async () => (await calls()).handleRecordCallEvent),
  bindJobHandler(reconcileCallJob, async () => (await calls()).handleReconcileCall),
  bindJobHandler(syncCallAgentsJob, async () => (await calls()).handleSyncCallAgents),
  bindJobHandler(forgetCallProviderDataJob, async () => (await calls()).handleForgetCallProviderData),
]);
