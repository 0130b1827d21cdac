import type { LoaderFunctionArgs } from "@remix-run/node";
import { AppError } from "../.server/errors";
import { errorResponse } from "../.server/http/error-response.server";
import { exportReturnsCsv } from "../.server/returns/export-returns-csv.server";
import { parseQueueFilters } from "../.server/returns/queue-filters";
import { authenticateAdmin } from "../.server/shops/authenticate-admin.server";

/** GET /app/returns/export.csv?<queue filters>: the filtered returns as a streamed CSV file. */
export async function loader({ request }: LoaderFunctionArgs) {
  const ctx = await authenticateAdmin(request);
  const { filters, errors } = parseQueueFilters(new URL(request.url).searchParams);
  // An export must hold what was asked for: a filter that cannot be read is refused, not dropped.
  if (errors) return errorResponse(new AppError("invalid_request", "Some filters are not valid, so nothing was exported.", { fields: errors }));
  const stamp = new Date().toISOString().slice(0, 10);
  return new Response(exportReturnsCsv(ctx, { filters }), {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="returns-${stamp}.csv"`,
      "Cache-Control": "no-store",
      "X-Content-Type-Options": "nosniff",
    },
  });
}
