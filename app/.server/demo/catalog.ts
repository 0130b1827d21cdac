/**
 * What "Dokani Demo Outfitters" sells and what its help centre says. Everything here is fixed text
 * and prices; the generator adds dates and people. The help articles restate policy version 1
 * (30 days from delivery, 14 for swimwear, 60 for the holiday edit, final sale and gift cards
 * excluded, 10% store-credit bonus, no restocking fee), so keep them in step with
 * `DEFAULT_POLICY_RULES` when either changes.
 */

/** One size and colour of a product. */
export type CatalogVariant = {
  readonly title: string;
  readonly sku: string;
  readonly price: string;
};

/** A product of the demo store. */
export type CatalogProduct = {
  readonly handle: string;
  readonly title: string;
  readonly productType: string;
  readonly tags: readonly string[];
  /** How often shoppers pick it, relative to the other products. */
  readonly popularity: number;
  readonly variants: readonly CatalogVariant[];
};

/** A help-centre article, without dates. */
export type CatalogArticle = {
  readonly slug: string;
  readonly title: string;
  readonly status: "published" | "draft";
  readonly tags: readonly string[];
  readonly body: string;
};

/** The demo store's name. */
export const DEMO_SHOP_NAME = "Dokani Demo Outfitters";
/** The currency of every demo price. */
export const DEMO_CURRENCY = "USD";

const TOPS = ["XS", "S", "M", "L", "XL"];
const DRESSES = ["XS", "S", "M", "L"];
const WAISTS = ["26", "28", "30", "32", "34", "36"];
const SHOES = ["US 6", "US 7", "US 8", "US 9", "US 10", "US 11", "US 12"];

type ProductSpec = {
  handle: string;
  title: string;
  productType: string;
  price: string;
  sku: string;
  sizes?: string[];
  colours?: string[];
  tags?: string[];
  popularity?: number;
};

function code(value: string): string {
  return value.replace(/^US /, "").replace(/[^A-Za-z0-9]/g, "").slice(0, 3).toUpperCase();
}

function product(spec: ProductSpec): CatalogProduct {
  const sizes = spec.sizes ?? [];
  const colours = spec.colours ?? [];
  const variants: CatalogVariant[] = [];
  for (const colour of colours.length > 0 ? colours : [undefined]) {
    for (const size of sizes.length > 0 ? sizes : [undefined]) {
      const title = [size, colour].filter(Boolean).join(" / ") || "One size";
      const sku = [spec.sku, colour && code(colour), size && code(size)].filter(Boolean).join("-");
      variants.push({ title, sku, price: spec.price });
    }
  }
  return {
    handle: spec.handle,
    title: spec.title,
    productType: spec.productType,
    tags: spec.tags ?? [],
    popularity: spec.popularity ?? 3,
    variants,
  };
}

const giftCard: CatalogProduct = {
  handle: "gift-card",
  title: "Dokani Gift Card",
  productType: "Gift Card",
  tags: ["gift"],
  popularity: 1,
  variants: ["25.00", "50.00", "100.00"].map((price) => ({
    title: `$${price.replace(".00", "")}`,
    sku: `GC-${price.replace(".00", "")}`,
    price,
  })),
};

/** Every product of the demo store, with its variants, SKUs and prices. */
export const DEMO_CATALOG: readonly CatalogProduct[] = [
  product({ handle: "linen-shirt", title: "Linen Shirt", productType: "Shirts", price: "49.00", sku: "LS",
    sizes: TOPS, colours: ["White", "Sage", "Sand"], tags: ["summer", "linen"], popularity: 6 }),
  product({ handle: "oxford-button-down", title: "Oxford Button-Down", productType: "Shirts", price: "58.00",
    sku: "OBD", sizes: [...TOPS, "XXL"], colours: ["Blue", "White"], tags: ["core"], popularity: 5 }),
  product({ handle: "organic-cotton-tee", title: "Organic Cotton Tee", productType: "Shirts", price: "24.00",
    sku: "OCT", sizes: TOPS, colours: ["Black", "White", "Heather Grey"], tags: ["core", "organic"], popularity: 9 }),
  product({ handle: "flannel-overshirt", title: "Flannel Overshirt", productType: "Shirts", price: "68.00",
    sku: "FO", sizes: TOPS, colours: ["Red Check", "Green Check"], tags: ["fall"], popularity: 4 }),
  product({ handle: "printed-camp-shirt", title: "Printed Camp Shirt", productType: "Shirts", price: "39.00",
    sku: "PCS", sizes: TOPS, colours: ["Palm Print"], tags: ["summer", "final-sale", "sale"], popularity: 3 }),
  product({ handle: "wrap-midi-dress", title: "Wrap Midi Dress", productType: "Dresses", price: "89.00",
    sku: "WMD", sizes: DRESSES, colours: ["Terracotta", "Navy"], tags: ["summer"], popularity: 5 }),
  product({ handle: "linen-slip-dress", title: "Linen Slip Dress", productType: "Dresses", price: "78.00",
    sku: "LSD", sizes: DRESSES, colours: ["Oat", "Black"], tags: ["summer", "linen"], popularity: 4 }),
  product({ handle: "velvet-party-dress", title: "Velvet Party Dress", productType: "Dresses", price: "120.00",
    sku: "VPD", sizes: DRESSES, colours: ["Emerald", "Black"], tags: ["holiday", "party"], popularity: 3 }),
  product({ handle: "knit-sweater-dress", title: "Knit Sweater Dress", productType: "Dresses", price: "69.00",
    sku: "KSD", sizes: DRESSES, colours: ["Camel"], tags: ["fall", "final-sale", "sale"], popularity: 2 }),
  product({ handle: "straight-leg-jean", title: "Straight Leg Jean", productType: "Jeans", price: "98.00",
    sku: "SLJ", sizes: WAISTS, colours: ["Indigo", "Washed Black"], tags: ["core", "denim"], popularity: 7 }),
  product({ handle: "relaxed-taper-jean", title: "Relaxed Taper Jean", productType: "Jeans", price: "92.00",
    sku: "RTJ", sizes: [...WAISTS.slice(1), "38"], colours: ["Mid Wash"], tags: ["core", "denim"], popularity: 4 }),
  product({ handle: "high-rise-wide-leg-jean", title: "High-Rise Wide Leg Jean", productType: "Jeans",
    price: "110.00", sku: "HWJ", sizes: ["24", ...WAISTS.slice(0, 5)], colours: ["Light Wash", "Ecru"],
    tags: ["denim"], popularity: 4 }),
  product({ handle: "canvas-low-top", title: "Canvas Low-Top Sneaker", productType: "Shoes", price: "65.00",
    sku: "CLT", sizes: SHOES, colours: ["Off White", "Black"], tags: ["core"], popularity: 6 }),
  product({ handle: "leather-chelsea-boot", title: "Leather Chelsea Boot", productType: "Shoes", price: "185.00",
    sku: "LCB", sizes: SHOES, colours: ["Chestnut", "Black"], tags: ["fall", "leather"], popularity: 3 }),
  product({ handle: "woven-slide-sandal", title: "Woven Slide Sandal", productType: "Shoes", price: "45.00",
    sku: "WSS", sizes: SHOES.slice(0, 6), colours: ["Tan"], tags: ["summer"], popularity: 3 }),
  product({ handle: "trail-runner", title: "Trail Runner", productType: "Shoes", price: "79.00", sku: "TRR",
    sizes: SHOES, colours: ["Slate"], tags: ["final-sale", "sale"], popularity: 2 }),
  product({ handle: "classic-one-piece", title: "Classic One-Piece", productType: "Swimwear", price: "72.00",
    sku: "COP", sizes: DRESSES, colours: ["Black", "Cobalt"], tags: ["summer", "swim"], popularity: 3 }),
  product({ handle: "ribbed-bikini-top", title: "Ribbed Bikini Top", productType: "Swimwear", price: "38.00",
    sku: "RBT", sizes: DRESSES, colours: ["Coral", "Black"], tags: ["summer", "swim"], popularity: 3 }),
  product({ handle: "ribbed-bikini-bottom", title: "Ribbed Bikini Bottom", productType: "Swimwear",
    price: "34.00", sku: "RBB", sizes: DRESSES, colours: ["Coral", "Black"], tags: ["summer", "swim"], popularity: 3 }),
  product({ handle: "swim-trunk", title: "6\" Swim Trunk", productType: "Swimwear", price: "48.00", sku: "STR",
    sizes: TOPS.slice(1), colours: ["Navy", "Sunset Stripe"], tags: ["summer", "swim"], popularity: 3 }),
  product({ handle: "wool-beanie", title: "Wool Beanie", productType: "Accessories", price: "28.00", sku: "WB",
    colours: ["Charcoal", "Rust", "Cream"], tags: ["holiday", "wool"], popularity: 4 }),
  product({ handle: "leather-belt", title: "Leather Belt", productType: "Accessories", price: "45.00", sku: "LB",
    sizes: ["S", "M", "L"], colours: ["Brown", "Black"], tags: ["core", "leather"], popularity: 3 }),
  product({ handle: "canvas-tote", title: "Canvas Tote Bag", productType: "Accessories", price: "32.00",
    sku: "CTB", colours: ["Natural"], tags: ["core"], popularity: 4 }),
  product({ handle: "cashmere-scarf", title: "Cashmere Scarf", productType: "Accessories", price: "85.00",
    sku: "CSC", colours: ["Oatmeal", "Forest"], tags: ["holiday", "cashmere"], popularity: 3 }),
  product({ handle: "polarized-sunglasses", title: "Polarized Sunglasses", productType: "Accessories",
    price: "60.00", sku: "PSG", colours: ["Tortoise", "Matte Black"], tags: ["summer"], popularity: 3 }),
  product({ handle: "merino-socks-3-pack", title: "Merino Crew Socks (3-Pack)", productType: "Accessories",
    price: "22.00", sku: "MCS", sizes: ["S", "M", "L"], tags: ["core", "wool"], popularity: 5 }),
  giftCard,
  product({ handle: "merino-crewneck", title: "Merino Crewneck Sweater", productType: "Knitwear", price: "110.00",
    sku: "MCN", sizes: TOPS, colours: ["Navy", "Oatmeal", "Burgundy"], tags: ["holiday", "wool"], popularity: 4 }),
  product({ handle: "chunky-cardigan", title: "Chunky Cardigan", productType: "Knitwear", price: "125.00",
    sku: "CCG", sizes: TOPS.slice(0, 4), colours: ["Ivory"], tags: ["fall", "wool"], popularity: 2 }),
  product({ handle: "waxed-cotton-jacket", title: "Waxed Cotton Jacket", productType: "Outerwear",
    price: "220.00", sku: "WCJ", sizes: TOPS.slice(1), colours: ["Olive", "Navy"], tags: ["fall"], popularity: 2 }),
  product({ handle: "puffer-vest", title: "Recycled Puffer Vest", productType: "Outerwear", price: "130.00",
    sku: "RPV", sizes: TOPS, colours: ["Black", "Moss"], tags: ["holiday"], popularity: 2 }),
  product({ handle: "soy-candle", title: "Cedar & Fig Soy Candle", productType: "Home", price: "34.00", sku: "SC",
    tags: ["holiday", "gift"], popularity: 2 }),
];

/** The demo store's help centre, in Markdown; sections start with `##` so they split cleanly. */
export const DEMO_ARTICLES: readonly CatalogArticle[] = [
  {
    slug: "shipping-times-and-costs",
    title: "Shipping times and costs",
    status: "published",
    tags: ["shipping"],
    body: `Every order is packed at our warehouse in Columbus, Ohio and shipped with USPS or UPS.

## Processing time
Orders placed before 1 pm Eastern time on a weekday leave the warehouse the same day. Orders placed
later, or at the weekend, leave on the next business day.

## US shipping options
| Option | Cost | Delivery after dispatch |
|---|---|---|
| Standard | $6.95, free on orders of $75 or more | 3–5 business days |
| Express | $14.95 | 1–2 business days |

Orders to Alaska, Hawaii and APO/FPO addresses go by USPS Priority Mail and take 4–8 business days.

## Delivery dates
Most orders arrive 2–7 days after they are placed. Once your parcel ships we email you a tracking
link; see "Tracking your order" if it seems stuck.`,
  },
  {
    slug: "international-shipping",
    title: "International shipping",
    status: "published",
    tags: ["shipping", "international"],
    body: `We ship to Canada, the United Kingdom, the European Union and Australia.

## Rates and delivery times
| Destination | Cost | Delivery after dispatch |
|---|---|---|
| Canada | $14.95 | 6–10 business days |
| UK and EU | $24.95 | 7–14 business days |
| Australia | $24.95 | 8–14 business days |

International shipping is free on orders of $200 or more.

## Duties and taxes
UK and EU orders are sent duties-paid: the price at checkout includes VAT and import duty, and
nothing more is collected on delivery. Canadian and Australian orders may be charged duties and
sales tax by the carrier on delivery; we cannot refund these.

## Returns from outside the US
The same return windows apply, counted from delivery. We cannot send prepaid labels across borders,
so international returns are shipped back at your own cost; use a tracked service.`,
  },
  {
    slug: "return-policy",
    title: "Our return policy",
    status: "published",
    tags: ["returns", "policy"],
    body: `We want you to love what you bought. If you don't, most items can be returned.

## Return windows
- **30 days from delivery** for most items.
- **14 days from delivery** for swimwear, which must be unworn with the hygiene liner in place.
- **60 days from delivery** for anything from our Holiday edit (marked "Holiday" on the product
  page), so gifts can be swapped after the holidays.

If an order has no delivery scan, the window counts from the day you placed the order.

## What can't be returned
- Items marked **Final sale**.
- **Gift cards**.

## Condition
Items should be unworn and unwashed, with their tags attached. Shoes should be tried on indoors
only. We don't charge a restocking fee.

## Your options
- A **refund** to your original payment method.
- **Store credit**, with a 10% bonus on top of the value of your return.
- An **exchange** for another size or colour of the same item.

## Limits
To keep prices fair for everyone, we accept up to five returns per customer in any 90-day period.
Requests beyond that are declined automatically.`,
  },
  {
    slug: "how-to-start-a-return",
    title: "How to start a return",
    status: "published",
    tags: ["returns"],
    body: `Returns are started online; there is no need to email us first.

## Step by step
1. Open the **Returns** page from the footer of our website.
2. Enter your order number (for example #1042) and the email address you ordered with.
3. Choose the items and quantities you're sending back, and tell us why.
4. Pick a refund, store credit (with a 10% bonus) or an exchange.
5. Submit. Most requests are approved on the spot and you'll get a prepaid US return label by email.

## When a request needs a person
Orders over $200, and items reported as damaged, defective or not what you ordered, are checked by
our team, usually within one business day. For damaged, defective or wrong items, add a photo when
you submit; it lets us approve without coming back to you.

## Sending it back
Pack the items in their original bag if you still have it, attach the label and drop the parcel at
any USPS location within 14 days. Approved returns whose label isn't used within 14 days are
cancelled; you can start a new request while you're still inside the return window.`,
  },
  {
    slug: "exchanges",
    title: "Exchanges",
    status: "published",
    tags: ["returns", "exchanges"],
    body: `Exchanges are the quickest way to get the right size or colour.

## What you can exchange
Any returnable item, within its return window, for another size or colour of the same product.
To switch to a different product, choose store credit instead and spend it straight away; you'll
get a 10% bonus on top.

## How it works
Start a return, pick **Exchange** and choose the new size or colour. We reserve it for you and ship
it as soon as the carrier scans your return parcel, so you don't have to wait for it to reach us.
Exchange shipping is free both ways within the US.

## If your size is out of stock
We'll tell you before you submit. You can ask our chat assistant to let you know when it's back,
or take store credit with the bonus.`,
  },
  {
    slug: "store-credit",
    title: "Store credit",
    status: "published",
    tags: ["returns", "store-credit"],
    body: `Store credit is the value of your return plus a 10% bonus, to spend on anything in the store.

## How much you get
Return a $50.00 item for store credit and you receive $55.00. The bonus applies to the full value
of the items you return.

## When it arrives
We issue store credit as a digital code by email within two business days of your return reaching
our warehouse.

## Using it
Enter the code at checkout. Store credit never expires, can be combined with a gift card, and can
be used over several orders. It can't be exchanged for cash.`,
  },
  {
    slug: "refund-timing",
    title: "When will I get my refund?",
    status: "published",
    tags: ["returns", "refunds"],
    body: `Refunds go back to the payment method you used for the order.

## Our part
Your return is checked within two business days of reaching our warehouse (usually 3–6 business
days after you drop it off). As soon as it passes, we issue the refund and email you.

## Your bank's part
Card refunds take 5–10 business days to appear, depending on your bank. PayPal and Shop Pay refunds
usually appear within 3 business days.

## Shipping costs
Original shipping costs aren't refunded, unless the item arrived damaged, defective or wasn't what
you ordered.`,
  },
  {
    slug: "final-sale-items",
    title: "Final sale items",
    status: "published",
    tags: ["returns", "sale"],
    body: `Some sale items are marked **Final sale** on the product page and in your order confirmation.

## What final sale means
Final sale items can't be returned or exchanged, and they're not eligible for store credit. The
lower price reflects that.

## If a final sale item is faulty
If a final sale item arrives damaged, defective or isn't what you ordered, contact us within 30 days
of delivery with a photo and we'll put it right.`,
  },
  {
    slug: "swimwear-returns",
    title: "Swimwear returns",
    status: "published",
    tags: ["returns", "swimwear"],
    body: `For hygiene reasons, swimwear has its own rules.

## 14-day window
Swimwear can be returned within 14 days of delivery, rather than 30.

## Condition
Try swimwear on over your underwear, with the hygiene liner in place. We can only accept swimwear
that is unworn, unwashed, with all tags and the liner attached. Items that come back without the
liner are sent back to you.

## Sizing help
Between sizes? Our one-pieces run true to size; bikini tops fit best if you pick by cup size (see
the dress size guide) and size up if you prefer more coverage.`,
  },
  {
    slug: "gift-cards",
    title: "Gift cards",
    status: "published",
    tags: ["gift-cards"],
    body: `Our digital gift cards come in $25, $50 and $100.

## How they're delivered
Gift cards are emailed to the recipient straight after purchase, or on the date you choose at
checkout.

## Using a gift card
Enter the code at checkout. Gift cards never expire and any balance stays on the card for next time.
Ask our chat assistant for your balance at any time.

## Returns
Gift cards can't be returned, refunded or exchanged for cash. If your recipient never received the
email, contact us with the order number and we'll resend it.`,
  },
  {
    slug: "size-guide-shirts",
    title: "Size guide: shirts and tops",
    status: "published",
    tags: ["sizing", "shirts"],
    body: `Our shirts and tees are a regular fit. Measurements are of the body, in inches.

## Measurements
| Size | Chest | Waist | Sleeve |
|---|---|---|---|
| XS | 33–35 | 27–29 | 32 |
| S | 35–37 | 29–31 | 33 |
| M | 38–40 | 32–34 | 34 |
| L | 41–43 | 35–37 | 35 |
| XL | 44–46 | 38–40 | 36 |
| XXL | 47–49 | 41–43 | 37 |

## Fit notes
- The Linen Shirt is cut roomy; size down if you're between sizes.
- The Organic Cotton Tee shrinks about 3% on the first warm wash; wash cold to avoid it.
- The Flannel Overshirt is designed to layer; take your usual size.`,
  },
  {
    slug: "size-guide-dresses",
    title: "Size guide: dresses and swimwear",
    status: "published",
    tags: ["sizing", "dresses", "swimwear"],
    body: `Measurements are of the body, in inches.

## Measurements
| Size | US size | Bust | Waist | Hip |
|---|---|---|---|---|
| XS | 0–2 | 32–33 | 25–26 | 35–36 |
| S | 4–6 | 34–35 | 27–28 | 37–38 |
| M | 8–10 | 36–37 | 29–30 | 39–40 |
| L | 12–14 | 38.5–40 | 31.5–33 | 41.5–43 |

## Fit notes
- The Wrap Midi Dress adjusts at the waist; choose by bust measurement.
- The Velvet Party Dress has no stretch; if you're between sizes, size up.
- Swimwear follows the same chart; bikini tops fit cups B to D.`,
  },
  {
    slug: "size-guide-jeans",
    title: "Size guide: jeans",
    status: "published",
    tags: ["sizing", "jeans"],
    body: `Our jeans are sized by waist in inches, with one inseam per style.

## Waist sizes
| Size | Waist (in) | Hip (in) |
|---|---|---|
| 24 | 24 | 34 |
| 26 | 26 | 36 |
| 28 | 28 | 38 |
| 30 | 30 | 40 |
| 32 | 32 | 42 |
| 34 | 34 | 44 |
| 36 | 36 | 46 |
| 38 | 38 | 48 |

## Inseams
- Straight Leg Jean: 32" inseam.
- Relaxed Taper Jean: 31" inseam, tapered below the knee.
- High-Rise Wide Leg Jean: 30" inseam, 11.5" rise.

## Fit notes
The Straight Leg Jean has 1% stretch and gives about half an inch with wear; if you're between two
sizes, take the smaller. The Relaxed Taper and Wide Leg are rigid denim: take your usual size or
size up.`,
  },
  {
    slug: "size-guide-shoes",
    title: "Size guide: shoes",
    status: "published",
    tags: ["sizing", "shoes"],
    body: `Our shoes come in whole US men's sizes from 6 to 12.

## Converting sizes
| US men's | US women's | UK | EU | Foot length (in) |
|---|---|---|---|---|
| 6 | 7.5 | 5.5 | 39 | 9.3 |
| 7 | 8.5 | 6.5 | 40 | 9.6 |
| 8 | 9.5 | 7.5 | 41 | 10.0 |
| 9 | 10.5 | 8.5 | 42 | 10.3 |
| 10 | 11.5 | 9.5 | 43 | 10.6 |
| 11 | 12.5 | 10.5 | 44 | 11.0 |
| 12 | 13.5 | 11.5 | 45 | 11.3 |

## Fit notes
- The Canvas Low-Top runs half a size large; if you're a half size, go down.
- The Leather Chelsea Boot fits true to size and softens after a week of wear.
- Try shoes on indoors on a clean floor: shoes with marked soles can't be returned.`,
  },
  {
    slug: "care-instructions",
    title: "Caring for your pieces",
    status: "published",
    tags: ["care"],
    body: `A little care keeps things looking new for years.

## Linen and cotton
Machine wash cold on a gentle cycle, line dry, iron while slightly damp. Tumble drying shrinks linen.

## Denim
Wash inside out, cold, as rarely as you can. Hang to dry. Dark washes can transfer colour when new.

## Merino and cashmere
Hand wash in cool water with a wool detergent, or use the wool cycle. Dry flat and never hang.
Store folded with a cedar block.

## Swimwear
Rinse in cold fresh water after every swim, hand wash, and dry in the shade. Chlorine and sunscreen
fade colour over time.

## Leather
Wipe clean with a damp cloth and condition every few months. Let wet boots dry away from direct heat.`,
  },
  {
    slug: "order-tracking",
    title: "Tracking your order",
    status: "published",
    tags: ["shipping", "orders"],
    body: `## Where to find tracking
When your order ships we email you a tracking link. You can also ask our chat assistant for the
status of an order; it will ask for your order number and email first.

## Tracking hasn't updated
Carriers sometimes take 24 hours to scan a parcel after we hand it over. If tracking hasn't moved
for four business days, contact us and we'll open a trace with the carrier.

## Marked delivered but not received
Check with neighbours and around your building, and wait until the end of the next business day:
parcels are sometimes scanned early. Then contact us and we'll help.`,
  },
  {
    slug: "change-or-cancel-order",
    title: "Changing or cancelling an order",
    status: "published",
    tags: ["orders"],
    body: `## Within one hour
You can change the size, colour or shipping address, or cancel the order, within one hour of placing
it. Chat with us or reply to your order confirmation email with what you'd like to change.

## After one hour
After an hour your order is with the warehouse and can't be changed. Once it arrives you can
return or exchange it as usual, within the return window.

## Cancelled orders
Refunds for cancelled orders go back to your payment method straight away and appear within 5–10
business days.`,
  },
  {
    slug: "payment-methods",
    title: "Payment methods",
    status: "published",
    tags: ["payments"],
    body: `## What we accept
Visa, Mastercard, American Express, Discover, Shop Pay, Apple Pay, Google Pay, PayPal, and our own
gift cards and store credit.

## Paying in instalments
Shop Pay Installments splits orders of $50 or more into four interest-free payments.

## When you're charged
Your card is charged when you place the order. Prices are in US dollars; your bank may add a fee for
purchases in a foreign currency.`,
  },
  {
    slug: "contact-us",
    title: "Contact us and opening hours",
    status: "published",
    tags: ["contact"],
    body: `## Chat
Our assistant Dani answers in the chat bubble at any time and can check orders and start returns.
Ask for a person whenever you like.

## Our team
Monday to Friday, 9 am to 6 pm Eastern time, and Saturday 10 am to 2 pm. We reply to emails within
one business day.

- Email: support@dokani-demo.example
- Phone: (555) 010-0199, during opening hours

## Returns address
Dokani Demo Outfitters Returns, 1200 Warehouse Way, Columbus, OH 43004. Please start a return
online before sending anything; parcels without a return request take longer to process.`,
  },
  {
    slug: "damaged-or-wrong-items",
    title: "Damaged, defective or wrong items",
    status: "published",
    tags: ["returns", "damaged"],
    body: `We're sorry if something arrived in bad shape. Here's how we put it right.

## What to do
Start a return within the return window, choose "damaged", "defective" or "wrong item" as the
reason, and add a clear photo of the problem (and of the label, for a wrong item). Keep the
packaging until we reply.

## What happens next
Our team checks photo claims within one business day. Once approved, we send a free label and
refund the original shipping cost too. For a wrong item we ship the right one as soon as you've
sent the photo.

## Final sale items
Damaged or defective final sale items are covered too; contact us within 30 days of delivery.`,
  },
  {
    slug: "holiday-gift-returns",
    title: "Holiday gifts and extended returns",
    status: "published",
    tags: ["returns", "holiday", "gifts"],
    body: `## Longer window for the Holiday edit
Items marked "Holiday" on the product page can be returned within 60 days of delivery instead of 30,
so gifts bought early can still be swapped after the holidays.

## Returning a gift
The person who placed the order starts the return with the order number and their email. Choose
store credit to send the value, plus the 10% bonus, to the recipient by email instead of refunding
the buyer.

## Gift receipts
Add a gift note at checkout and we'll leave prices off the packing slip.`,
  },
  {
    slug: "repairs-program",
    title: "Repairs and alterations",
    status: "draft",
    tags: ["care", "repairs"],
    body: `## Free repairs in the first year
Popped seams, broken zips and loose buttons on anything bought from us are repaired free within a
year of delivery. Start a request from the contact page with a photo.

## Hemming jeans
We hem any of our jeans to your inseam for $12, added at checkout.`,
  },
  {
    slug: "loyalty-program",
    title: "Dokani Rewards",
    status: "draft",
    tags: ["loyalty"],
    body: `## Earning points
Earn one point per dollar spent. Every 100 points becomes $5 off your next order.

## Member perks
Members get free standard shipping on every order and early access to the Holiday edit.`,
  },
];
