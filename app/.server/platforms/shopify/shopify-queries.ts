/**
 * Every GraphQL document the Shopify adapter sends, against Admin API 2026-07. Shopify charges a
 * query by its page sizes before running it (a 2,000-point bucket refilling at 100 a second), so
 * pages fit a typical order, about 200 points a query, and longer lists are paged.
 */

/** Orders whose name matches the search; only what is needed to check the email. */
export const FIND_ORDERS = `#graphql
  query DokaniFindOrders($query: String!) {
    orders(first: 5, query: $query) {
      nodes { id name email }
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
      customer { displayName }
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
          product { productType tags }
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
