-- AlterTable
ALTER TABLE "analytics_daily" ADD COLUMN     "exchangedValue" DECIMAL(14,2) NOT NULL DEFAULT 0,
ADD COLUMN     "exchanges" INTEGER NOT NULL DEFAULT 0;

-- Existing days get their exchanges from the returns already stored, counted on the day each was
-- requested in the shop's time zone (UTC for a zone PostgreSQL does not know), in the shop's currency.
UPDATE "analytics_daily" a
SET "exchanges" = x."exchanges", "exchangedValue" = x."value"
FROM (
  SELECT r."shopId",
    (r."createdAt" AT TIME ZONE 'UTC' AT TIME ZONE (CASE WHEN s."timezone" IN (SELECT "name" FROM pg_timezone_names) THEN s."timezone" ELSE 'UTC' END))::date AS "day",
    count(DISTINCT r."id")::int AS "exchanges",
    coalesce(sum(i."quantity" * i."unitPrice"), 0)::numeric(14, 2) AS "value"
  FROM "return_requests" r
  JOIN "shops" s ON s."id" = r."shopId"
  JOIN "return_items" i ON i."returnId" = r."id"
  WHERE r."resolution" = 'exchange' AND r."status" IN ('approved', 'completed') AND r."currency" = s."currency"
  GROUP BY 1, 2
) x
WHERE a."shopId" = x."shopId" AND a."day" = x."day";
