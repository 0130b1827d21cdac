import { z } from "zod";
import { FIELD_LIMITS } from "../http/field-limits";
import { normalisePhone } from "../contacts/identities";
import { formatCents, parseCents } from "../money";

/**
 * The demo-order JSON format of API.md ("Demo data"): what `DOKANI_DEMO_ORDERS` and
 * `orders:import` read. Every message names the field the way a person would look for it in the
 * file, because that file is usually written by hand.
 */

/**
 * The number the demo's phone simulator writes from. The generated demo store's most recent
 * delivered order carries it, so the simulator shows an order proved by the sender's number alone.
 */
export const DEMO_SHOPPER_PHONE = "+15005550006";

const MAX_ORDERS = 100_000;
const MAX_LINE_ITEMS = 250;
// DemoOrder.totalPrice is Decimal(12,2): ten whole digits at most.
const MAX_TOTAL_CENTS = 999_999_999_999;
const DECIMAL = /^\d{1,10}(\.\d{1,2})?$/;

const DECIMAL_MESSAGE = 'must be a decimal string such as "49.00"';
const PHONE_MESSAGE = 'must be a phone number with its country code, such as "+14155550123", or null';
const TIMESTAMP_MESSAGE = 'must be an ISO 8601 timestamp with a time zone, such as "2026-11-01T10:00:00Z"';

const text = (message: string, max: number) =>
  z.string({ error: message }).trim().min(1, { error: message }).max(max, { error: `must be at most ${max} characters` });

const optionalText = (max: number) =>
  z.string({ error: "must be a string or null" }).max(max, { error: `must be at most ${max} characters` }).nullish();

const timestamp = (message: string) => z.iso.datetime({ offset: true, error: message });

const lineItemSchema = z.object(
  {
    id: text("must be a non-empty string", 64),
    title: text("must be a non-empty string", 255),
    variantTitle: optionalText(255),
    sku: optionalText(255),
    quantity: z
      .number({ error: "must be a positive whole number" })
      .int({ error: "must be a positive whole number" })
      .positive({ error: "must be a positive whole number" })
      .max(100_000, { error: "must be at most 100000" }),
    unitPrice: z.string({ error: DECIMAL_MESSAGE }).regex(DECIMAL, { error: DECIMAL_MESSAGE }),
    productType: optionalText(255),
    tags: z
      .array(z.string({ error: "must be a string" }).max(255), { error: "must be an array of strings" })
      .max(250, { error: "must hold at most 250 tags" })
      .optional(),
    // The product and variant of the line, so it can be exchanged; optional, and matched by SKU when absent.
    productId: optionalText(64),
    variantId: optionalText(64),
  },
  { error: "must be a line item object" },
);

const variantSchema = z.object(
  {
    id: text("must be a non-empty string", 64),
    title: optionalText(255),
    sku: optionalText(255),
    price: z.string({ error: DECIMAL_MESSAGE }).regex(DECIMAL, { error: DECIMAL_MESSAGE }),
    inventory: z
      .number({ error: "must be a whole number of units, 0 or more" })
      .int({ error: "must be a whole number of units, 0 or more" })
      .min(0, { error: "must be a whole number of units, 0 or more" })
      .max(1_000_000, { error: "must be at most 1000000" }),
  },
  { error: "must be a variant object" },
);

const productSchema = z.object(
  {
    id: text("must be a non-empty string", 64),
    title: text("must be a non-empty string", 255),
    productType: optionalText(255),
    tags: z.array(z.string({ error: "must be a string" }).max(255), { error: "must be an array of strings" }).max(250).optional(),
    variants: z.array(variantSchema, { error: "must be an array of variants" }).min(1, { error: "must hold at least one variant" }).max(250),
  },
  { error: "must be a product object" },
);

/** One product of a demo file's catalogue, with its variants and their stock. */
export type DemoProductInput = z.output<typeof productSchema>;

const orderSchema = z.object(
  {
    id: text("must be a non-empty string", 64),
    name: text('must be a non-empty string such as "#1001"', 64),
    email: z
      .string({ error: "must be an email address" })
      .trim()
      .toLowerCase()
      .pipe(z.email({ error: "must be an email address" }).max(FIELD_LIMITS.email, { error: `must be at most ${FIELD_LIMITS.email} characters` })),
    currency: z
      .string({ error: 'must be a three-letter currency code such as "USD"' })
      .regex(/^[A-Z]{3}$/, { error: 'must be a three-letter uppercase currency code such as "USD"' }),
    processedAt: timestamp(TIMESTAMP_MESSAGE),
    deliveredAt: timestamp(`${TIMESTAMP_MESSAGE}, or null`).nullish(),
    customerName: optionalText(255),
    // The order's phone, matched against a WhatsApp sender's number: stored in E.164.
    phone: z
      .string({ error: PHONE_MESSAGE })
      .max(40, { error: PHONE_MESSAGE })
      .transform((value, ctx) => {
        const phone = normalisePhone(value);
        if (!phone) ctx.addIssue({ code: "custom", message: PHONE_MESSAGE });
        return phone ?? "";
      })
      .nullish(),
    note: optionalText(5_000),
    lineItems: z
      .array(lineItemSchema, { error: "must be an array of line items" })
      .min(1, { error: "must hold at least one line item" })
      .max(MAX_LINE_ITEMS, { error: `must hold at most ${MAX_LINE_ITEMS} line items` }),
  },
  { error: "must be an order object" },
);

/** The whole file: an array of orders, checked across orders once each order is valid. */
export const demoOrdersSchema = z
  .array(orderSchema, { error: "must be an array of orders" })
  .max(MAX_ORDERS, { error: `must hold at most ${MAX_ORDERS.toLocaleString("en-US")} orders` })
  .superRefine((orders, ctx) => {
    const idAt = new Map<string, number>();
    const nameAt = new Map<string, number>();
    orders.forEach((order, index) => {
      const sameId = idAt.get(order.id);
      if (sameId !== undefined) {
        ctx.addIssue({ code: "custom", path: [index, "id"], message: `repeats the id of orders[${sameId}]` });
      } else idAt.set(order.id, index);

      const name = normalizeOrderName(order.name);
      const sameName = nameAt.get(name);
      if (sameName !== undefined) {
        ctx.addIssue({ code: "custom", path: [index, "name"], message: `repeats the name of orders[${sameName}]` });
      } else nameAt.set(name, index);

      if (order.deliveredAt && Date.parse(order.deliveredAt) < Date.parse(order.processedAt)) {
        ctx.addIssue({ code: "custom", path: [index, "deliveredAt"], message: "must not be before processedAt" });
      }

      const lineAt = new Map<string, number>();
      order.lineItems.forEach((line, lineIndex) => {
        const sameLine = lineAt.get(line.id);
        if (sameLine !== undefined) {
          ctx.addIssue({
            code: "custom",
            path: [index, "lineItems", lineIndex, "id"],
            message: `repeats the id of lineItems[${sameLine}]`,
          });
        } else lineAt.set(line.id, lineIndex);
      });

      if (totalCents(order) > MAX_TOTAL_CENTS) {
        ctx.addIssue({ code: "custom", path: [index, "lineItems"], message: "add up to more than 9999999999.99" });
      }
    });
  });

/** One order of the demo-order JSON format, as parsed (email trimmed and lowercased). */
export type DemoOrderInput = z.output<typeof orderSchema>;

/** One line item of a demo order. */
export type DemoLineItemInput = DemoOrderInput["lineItems"][number];

function formatPath(path: readonly PropertyKey[]): string {
  return path.reduce<string>(
    (out, key) => (typeof key === "number" ? `${out}[${key}]` : `${out}.${String(key)}`),
    "orders",
  );
}

/** Validates parsed JSON as demo orders; throws an Error naming the first bad field. */
export function parseDemoOrders(json: unknown): DemoOrderInput[] {
  const result = demoOrdersSchema.safeParse(json);
  if (result.success) return result.data;
  const first = result.error.issues[0];
  throw new Error(first ? `${formatPath(first.path)}: ${first.message}` : "orders: invalid demo orders");
}

const productsSchema = z
  .array(productSchema, { error: "must be an array of products" })
  .max(10_000, { error: "must hold at most 10,000 products" })
  .superRefine((products, ctx) => {
    const variantAt = new Map<string, string>();
    products.forEach((product, index) =>
      product.variants.forEach((variant, v) => {
        const seen = variantAt.get(variant.id);
        if (seen !== undefined) ctx.addIssue({ code: "custom", path: [index, "variants", v, "id"], message: `repeats the variant id of ${seen}` });
        else variantAt.set(variant.id, `products[${index}].variants[${v}]`);
      }),
    );
  });

/**
 * A whole demo file: the array of orders as before, or `{"orders": [...], "products": [...]}` with
 * the store's catalogue and stock (what exchanges choose from). Without products, the demo
 * catalogue is used.
 */
export function parseDemoFile(json: unknown): { orders: DemoOrderInput[]; products: DemoProductInput[] | undefined } {
  if (Array.isArray(json)) return { orders: parseDemoOrders(json), products: undefined };
  if (!json || typeof json !== "object" || !("orders" in json)) throw new Error('orders: must be an array of orders, or an object {"orders": [...], "products": [...]}');
  const { orders, products } = json as { orders: unknown; products?: unknown };
  const parsedOrders = parseDemoOrders(orders);
  if (products === undefined) return { orders: parsedOrders, products: undefined };
  const result = productsSchema.safeParse(products);
  if (result.success) return { orders: parsedOrders, products: result.data };
  const first = result.error.issues[0]!;
  const where = first.path.reduce<string>((out, key) => (typeof key === "number" ? `${out}[${key}]` : `${out}.${String(key)}`), "products");
  throw new Error(`${where}: ${first.message}`);
}

/** "1001" and "#1001" name the same order; the stored form carries the "#". */
export function normalizeOrderName(name: string): string {
  const trimmed = name.trim();
  return trimmed.startsWith("#") ? trimmed : `#${trimmed}`;
}

/** Rewrites a decimal string with exactly two places ("49" becomes "49.00"). */
export function normalizeDecimal(decimal: string): string {
  return formatCents(parseCents(decimal));
}

// Unit prices have at most ten whole digits, so a sum that is not exact is far over the limit anyway.
function totalCents(order: Pick<DemoOrderInput, "lineItems">): number {
  return order.lineItems.reduce((sum, line) => sum + parseCents(line.unitPrice) * line.quantity, 0);
}

/** The order's total (quantity times unit price over all lines) as an exact decimal string. */
export function orderTotal(order: Pick<DemoOrderInput, "lineItems">): string {
  return formatCents(totalCents(order));
}
