import { db } from "../db.server";
import type { JobHandler } from "../jobs/runtime-types";
import { syncCallAgents } from "./call-connections.server";
import { forgetCallProviderData } from "./forget-call-provider-data.server";
import type { forgetCallProviderDataJob, reconcileCallJob, recordCallEventJob, syncCallAgentsJob } from "./jobs";
import { reconcileCall } from "./reconcile-call.server";
import { eventsFromPayload, recordCallEvents } from "./record-call-events.server";

/** `calls.record-event`. */
export const handleRecordCallEvent: JobHandler<typeof recordCallEventJob.payload> = async (payload) => {
  await recordCallEvents(payload.shopId, payload.callId, eventsFromPayload(payload.events));
};

/** `calls.reconcile`. */
export const handleReconcileCall: JobHandler<typeof reconcileCallJob.payload> = async (payload) => {
  await reconcileCall(payload.shopId, payload.callId, payload.attempt);
};

/** `calls.sync-agents`. */
export const handleSyncCallAgents: JobHandler<typeof syncCallAgentsJob.payload> = async (payload) => {
  const shop = await db().shop.findUnique({ where: { id: payload.shopId } });
  if (shop) await syncCallAgents(shop);
};

/** `calls.forget-provider-data`. */
export const handleForgetCallProviderData: JobHandler<typeof forgetCallProviderDataJob.payload> = async (payload) => {
  await forgetCallProviderData(payload.shopId, payload.calls);
};

