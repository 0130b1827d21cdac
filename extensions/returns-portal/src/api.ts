import type { PublicPolicySummary } from "../../../app/.server/policies/policy-rules";
import type { ExchangeOptionsView } from "../../../app/.server/returns/list-exchange-options.server";
import type { ItemCondition, OrderLine, Resolution, ReturnReason, ReturnView } from "../../../app/.server/returns/types";
import type { Money } from "./money";

/** A line of the order as the lookup answers it (API.md); `returnId` names the return that holds it. */
export type OrderLineView = OrderLine & { returnable: boolean; notReturnableReason: string | null; returnId?: string | null };

/** A return already made on the looked-up order, with the token that opens its status page. */
export type OrderReturnView = {
  id: string;
  reference: string;
  status: ReturnView["status"];
  createdAt: string;
  items: Array<{ lineItemId: string; title: string; quantity: number }>;
  stateText: string;
  nextStep: ReturnView["nextStep"];
  accessToken: string;
};

/** The status page's return: the ReturnView with the photos already sent. */
export type ShopperReturnView = ReturnView & { photos?: Array<{ id: string; url: string }> };

/** The order in the lookup answer. */
export type OrderView = {
  id: string;
  name: string;
  processedAt: string;
  deliveredAt: string | null;
  currency: string;
  totalPrice: Money;
  lineItems: OrderLineView[];
};

/** The public summary of the shop's active policy. */
export type PolicySummary = PublicPolicySummary;

/** `POST /returns/lookup`'s answer. */
export type LookupAnswer = { order: OrderView; policy: PolicySummary; lookupToken: string; returns?: OrderReturnView[] };

/** `POST /returns`'s body. */
export type CreateReturnBody = {
  lookupToken: string;
  items: Array<{ lineItemId: string; quantity: number; reason: ReturnReason; condition?: ItemCondition; note?: string; exchangeFor?: { variantId: string; productId?: string } }>;
  resolution: Resolution;
  note?: string;
};

export type { ReturnView };

/** An answer that was not a success: API.md's error body, or `network_error` when nothing came back. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly fields?: Record<string, string>,
  ) {
    super(message);
  }
}

async function errorFrom(response: Response): Promise<ApiError> {
  try {
    const body = (await response.json()) as { error?: { code?: string; message?: string; fields?: Record<string, string> } };
    if (body.error?.code) return new ApiError(response.status, body.error.code, body.error.message ?? "", body.error.fields);
  } catch {
    // Not API.md's body (a proxy's or a CDN's page): only the status is known.
  }
  return new ApiError(response.status, response.status === 429 ? "rate_limited" : "server_error", response.statusText);
}

/** A random v4 UUID; `crypto.randomUUID` exists only on secure pages, so it is built by hand elsewhere. */
export function randomId(): string {
  if (typeof crypto.randomUUID === "function") return crypto.randomUUID();
  const b = crypto.getRandomValues(new Uint8Array(16));
  b[6] = (b[6]! & 0x0f) | 0x40;
  b[8] = (b[8]! & 0x3f) | 0x80;
  const hex = Array.from(b, (x) => x.toString(16).padStart(2, "0")).join("");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** The storefront API behind the app proxy (API.md "Storefront API"), rooted at the block's proxy base. */
export class PortalApi {
  constructor(private readonly base: string) {}

  private async call<T>(path: string, init?: RequestInit): Promise<T> {
    let response: Response;
    try {
      response = await fetch(this.base + path, {
        ...init,
        credentials: "same-origin",
        headers: { Accept: "application/json", ...(init?.body ? { "Content-Type": "application/json" } : {}), ...init?.headers },
      });
    } catch {
      throw new ApiError(0, "network_error", "");
    }
    if (!response.ok) throw await errorFrom(response);
    return (await response.json()) as T;
  }

  /** Finds the order by number and email. */
  lookup(orderNumber: string, email: string): Promise<LookupAnswer> {
    return this.call("/returns/lookup", { method: "POST", body: JSON.stringify({ orderNumber, email }) });
  }

  /** Creates the return; the same `idempotencyKey` again answers the same return, never a second one. */
  createReturn(body: CreateReturnBody, idempotencyKey: string): Promise<{ return: ReturnView; accessToken: string }> {
    return this.call("/returns", { method: "POST", body: JSON.stringify(body), headers: { "Idempotency-Key": idempotencyKey } });
  }

  /** The replacements the shopper may pick for one line of the looked-up order, with live stock. */
  exchangeOptions(lookupToken: string, lineItemId: string): Promise<{ options: ExchangeOptionsView }> {
    return this.call(`/returns/exchange-options?lookupToken=${encodeURIComponent(lookupToken)}&lineItemId=${encodeURIComponent(lineItemId)}`, { cache: "no-store" });
  }

  /** The return's current state. */
  getReturn(id: string, token: string): Promise<{ return: ShopperReturnView }> {
    return this.call(`/returns/${encodeURIComponent(id)}?token=${encodeURIComponent(token)}`, { cache: "no-store" });
  }

  /** Where the return's QR code (its reference, for the drop-off counter) is drawn. */
  codeUrl(id: string, token: string): string {
    return `${this.base}/returns/${encodeURIComponent(id)}/code.svg?token=${encodeURIComponent(token)}`;
  }

  /**
   * Uploads one photo. XMLHttpRequest rather than fetch because only it reports upload progress.
   * Resolves with the evidence id; rejects with an ApiError.
   */
  uploadEvidence(id: string, token: string, file: File, onProgress: (fraction: number) => void): Promise<{ id: string; url: string }> {
    return new Promise((resolve, reject) => {
      const xhr = new XMLHttpRequest();
      xhr.open("POST", `${this.base}/returns/${encodeURIComponent(id)}/evidence?token=${encodeURIComponent(token)}`);
      xhr.setRequestHeader("Accept", "application/json");
      xhr.upload.onprogress = (event) => {
        if (event.lengthComputable) onProgress(event.loaded / event.total);
      };
      xhr.onerror = () => reject(new ApiError(0, "network_error", ""));
      xhr.onload = () => {
        let body: { evidence?: { id: string; url: string }; error?: { code?: string; message?: string } } = {};
        try {
          body = JSON.parse(xhr.responseText);
        } catch {
          // Handled below as an answer without a usable body.
        }
        if (xhr.status >= 200 && xhr.status < 300 && body.evidence) return resolve(body.evidence);
        const fallback = xhr.status === 413 ? "file_too_large" : xhr.status === 415 ? "unsupported_media_type" : "server_error";
        reject(new ApiError(xhr.status, body.error?.code ?? fallback, body.error?.message ?? ""));
      };
      const form = new FormData();
      form.append("file", file, file.name);
      xhr.send(form);
    });
  }
}
