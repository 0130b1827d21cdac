import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { db } from "../.server/db.server";
import { withErrorBody } from "../.server/http/error-response.server";
import { readJsonBody } from "../.server/http/read-json-body.server";
import { assertMethod, json } from "../.server/http/route-helpers.server";
import { ConnectStoreInput, connectWooCommerceStore } from "../.server/woocommerce/connect-woocommerce-store.server";

/** POST /woocommerce/connect: the WordPress plugin trades a connect code and REST keys for the store's proxy secret. */
export const action = ({ request }: ActionFunctionArgs) =>
  withErrorBody(async () => {
    assertMethod(request, "POST");
    const input = await readJsonBody(request, ConnectStoreInput);
    return json(await connectWooCommerceStore(db(), input), 201);
  });

export const loader = ({ request }: LoaderFunctionArgs) => withErrorBody(async () => assertMethod(request, "POST") as never);
