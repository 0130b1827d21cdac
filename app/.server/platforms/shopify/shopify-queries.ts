/**
 * Every GraphQL document the Shopify adapter sends, against Admin API 2026-07. Shopify charges a
 * query by its page sizes before running it (a 2,000-point bucket refilling at 100 a second), so
 * pages fit a typical order, about 200 points a query, and longer lists are paged.
 */

/** The phone numbers an order carries: its own, its customer's and its addresses' (with their country, for national numbers). */
const ORDER_PHONES = `phone
      customer { defaultPhoneNumber { phoneNumber } }
      shippingAddress { phone countryCodeV2 }
      billingAddress { phone countryCodeV2 }`;

/** Orders whose name matches the search; only what is needed to check the email or the phone. */
export const FIND_ORDERS = `#graphql
  query DokaniFindOrders($query: String!) {
    orders(first: 5, query: $query) {
      nodes { id name email ${ORDER_PHONES} }
    }
  }`;

/** One order with its lines (paged by `after`), deliveries and totals. */
export const ORDER_DETAILS = `#graphql
  query DokaniOrderDetails($id: ID!, $after: String) {
    order(id: $id) {
      id
      legacyResourceId
      name
      email
      note
      processedAt
      presentmentCurrencyCode
      customer { displayName defaultPhoneNumber { phoneNumber } }
      shippingAddress { phone countryCodeV2 }
      billingAddress { phone countryCodeV2 }
      phone
      totalPriceSet { presentmentMoney { amount currencyCode } }
      fulfillments(first: 10) { status displayStatus deliveredAt }
      shipments: fulfillments(first: 5) { status fulfillmentLineItems(first: 10) { pageInfo { hasNextPage } nodes { lineItem { id } } } }
      lineItems(first: 50, after: $after) {
        pageInfo { hasNextPage endCursor }
        nodes {
          id
          title
          variantTitle
          sku
          quantity
          originalUnitPriceSet { presentmentMoney { amount currencyCode } }
          product { id productType tags }
          variant { id }
        }
      }
    }
  }`;

/** What Shopify still allows back, per fulfillment line item (fulfillments paged by `after`). */
export const RETURNABLE_FULFILLMENTS = `#graphql
  query DokaniReturnableFulfillments($orderId: ID!, $after: String) {
    returnableFulfillments(orderId: $orderId, first: 3, after: $after) {
      pageInfo { hasNextPage endCursor }
      nodes {
        id
        returnableFulfillmentLineItems(first: 20) {
          pageInfo { hasNextPage endCursor }
          nodes { quantity fulfillmentLineItem { id lineItem { id } } }
        }
      }
    }
  }`;

/** The further line items of one returnable fulfillment, for fulfillments of more than 20 lines. */
export const RETURNABLE_FULFILLMENT_LINES = `#graphql
  query DokaniReturnableFulfillmentLines($id: ID!, $after: String) {
    returnableFulfillment(id: $id) {
      returnableFulfillmentLineItems(first: 20, after: $after) {
        pageInfo { hasNextPage endCursor }
        nodes { quantity fulfillmentLineItem { id lineItem { id } } }
      }
    }
  }`;

/** Opens a return in the REQUESTED state, awaiting the merchant's approval. */
export const RETURN_REQUEST = `#graphql
  mutation DokaniReturnRequest($input: ReturnRequestInput!) {
    returnRequest(input: $input) {
      return { id status }
      userErrors { field message code }
    }
  }`;

/** The returns of an order with their lines, to find a return request made by an earlier try whose answer was lost. */
export const ORDER_RETURN_REQUESTS = `#graphql
  query DokaniOrderReturnRequests($id: ID!) {
    order(id: $id) {
      returns(first: 10, reverse: true) {
        nodes {
          id
          status
          returnLineItems(first: 25) { nodes { quantity ... on ReturnLineItem { fulfillmentLineItem { lineItem { id } } } } }
        }
      }
    }
  }`;

/** A return's current status, read before approving or declining so a retry changes nothing. */
export const RETURN_STATUS = `#graphql
  query DokaniReturnStatus($id: ID!) {
    return(id: $id) { id status }
  }`;

export const RETURN_APPROVE = `#graphql
  mutation DokaniReturnApprove($input: ReturnApproveRequestInput!) {
    returnApproveRequest(input: $input) {
      return { id status }
      userErrors { field message code }
    }
  }`;

export const RETURN_DECLINE = `#graphql
  mutation DokaniReturnDecline($input: ReturnDeclineRequestInput!) {
    returnDeclineRequest(input: $input) {
      return { id status }
      userErrors { field message code }
    }
  }`;

/** Everything processing needs: the return's lines, its refunds so far and the order's payments. */
export const RETURN_FOR_PROCESSING = `#graphql
  query DokaniReturnForProcessing($id: ID!) {
    return(id: $id) {
      id
      status
      refunds(first: 10) { nodes { id } }
      exchangeLineItems(first: 5) { nodes { id processableQuantity } }
      returnLineItems(first: 50) {
        nodes {
          id
          quantity
          processableQuantity
          ... on ReturnLineItem { fulfillmentLineItem { lineItem { id } } }
        }
      }
      order {
        id
        presentmentCurrencyCode
        transactions(first: 20) {
          id
          kind
          status
          amountSet { presentmentMoney { amount currencyCode } }
          parentTransaction { id }
        }
      }
    }
  }`;

/** Confirms the received items and issues the refund or store credit. */
export const RETURN_PROCESS = `#graphql
  mutation DokaniReturnProcess($input: ReturnProcessInput!) {
    returnProcess(input: $input) {
      return { id status refunds(first: 10) { nodes { id } } }
      userErrors { field message code }
    }
  }`;

/** A product's variants with what can ship (read_products, read_inventory). */
export const PRODUCT_VARIANTS = `#graphql
  query DokaniProductVariants($id: ID!) {
    product(id: $id) {
      id
      title
      productType
      tags
      status
      variants(first: 100) { nodes { id title sku price inventoryQuantity availableForSale inventoryPolicy } }
    }
  }`;

/** Active products, for exchanges into another product; prices are filtered by Dokani. */
export const EXCHANGE_PRODUCTS = `#graphql
  query DokaniExchangeProducts($first: Int!) {
    products(first: $first, query: "status:active") {
      nodes {
        id
        title
        productType
        tags
        status
        variants(first: 20) { nodes { id title sku price inventoryQuantity availableForSale inventoryPolicy } }
      }
    }
  }`;

/** The financial outcome of a return with exchange lines, before creating it. */
export const RETURN_CALCULATE = `#graphql
  query DokaniReturnCalculate($input: CalculateReturnInput!) {
    returnCalculate(input: $input) {
      id
      returnLineItems { quantity subtotalSet { presentmentMoney { amount currencyCode } } }
      exchangeLineItems { quantity subtotalSet { presentmentMoney { amount currencyCode } } }
    }
  }`;

/** Opens a return with the replacements on it (status OPEN: nothing to approve). */
export const RETURN_CREATE = `#graphql
  mutation DokaniReturnCreate($returnInput: ReturnInput!) {
    returnCreate(returnInput: $returnInput) {
      return { id status }
      userErrors { field message code }
    }
  }`;

/** The returns of an order with their exchange lines, to find an exchange made by an earlier try. */
export const ORDER_EXCHANGES = `#graphql
  query DokaniOrderExchanges($id: ID!) {
    order(id: $id) {
      returns(first: 20) {
        nodes { id status exchangeLineItems(first: 20) { nodes { id quantity variantId } } }
      }
    }
  }`;

/** An exchange's lines and the order's fulfillment orders, to release the replacement's hold. */
export const EXCHANGE_FULFILLMENT = `#graphql
  query DokaniExchangeFulfillment($id: ID!) {
    return(id: $id) {
      id
      status
      exchangeLineItems(first: 10) { nodes { id quantity processableQuantity lineItems { id } } }
      order {
        id
        fulfillmentOrders(first: 10) {
          nodes {
            id
            status
            fulfillmentHolds { id reason }
            lineItems(first: 10) { nodes { lineItem { id } } }
          }
        }
      }
    }
  }`;

/** Lets a held fulfillment order ship, releasing only the named holds. */
export const FULFILLMENT_ORDER_RELEASE_HOLD = `#graphql
  mutation DokaniReleaseHold($id: ID!, $holdIds: [ID!]) {
    fulfillmentOrderReleaseHold(id: $id, holdIds: $holdIds) {
      fulfillmentOrder { id status }
      userErrors { field message code }
    }
  }`;

/** Emails the shopper Shopify's invoice for the order's outstanding balance (a dearer replacement). */
export const ORDER_INVOICE_SEND = `#graphql
  mutation DokaniInvoiceSend($id: ID!) {
    orderInvoiceSend(id: $id) {
      order { id }
      userErrors { field message code }
    }
  }`;

/** What the order still owes after an exchange was processed. */
export const ORDER_OUTSTANDING = `#graphql
  query DokaniOrderOutstanding($id: ID!) {
    order(id: $id) { id totalOutstandingSet { presentmentMoney { amount currencyCode } } }
  }`;
