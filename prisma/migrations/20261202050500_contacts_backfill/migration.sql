-- Back-fills contacts from the email (else phone) columns of the rows written before contacts
-- existed: returns, conversations, calls and risk profiles. Each table is walked in primary-key
-- order 5,000 rows at a time, and each batch is two set-based statements (create the identities
-- nobody owns yet with their contacts, then point the batch's rows at their owners), so the work
-- per statement stays bounded however large the table. Rows that already have a contact are left
-- alone, so running it again changes nothing. See docs/decisions/015-contacts.md.
CREATE FUNCTION "contacts_backfill"(p_table TEXT, p_email TEXT, p_phone TEXT, p_name TEXT, p_batch INT) RETURNS VOID LANGUAGE plpgsql AS $$
DECLARE
  lower_bound UUID := '00000000-0000-0000-0000-000000000000';
  upper_bound UUID;
  stamp TIMESTAMP(3) := (now() AT TIME ZONE 'UTC');
  email_expr TEXT := format('lower(btrim(r.%I))', p_email);
  email_ok TEXT := format('(position(''@'' IN %1$s) > 1 AND %1$s NOT LIKE ''%%@redacted.invalid'')', format('lower(btrim(r.%I))', p_email));
  phone_expr TEXT := CASE WHEN p_phone <> '' THEN format('btrim(r.%I)', p_phone) ELSE 'NULL::text' END;
  name_expr TEXT := CASE WHEN p_name <> '' THEN format('NULLIF(left(btrim(r.%I), 255), '''')', p_name) ELSE 'NULL::text' END;
  -- The identity a row is known by: its email when it has a usable one, else its phone in E.164.
  kind_expr TEXT;
  value_expr TEXT;
BEGIN
  kind_expr := format('(CASE WHEN %s THEN ''email'' WHEN %s ~ ''^\+[1-9][0-9]{6,14}$'' THEN ''phone'' END)::"IdentityKind"', email_ok, phone_expr);
  value_expr := format('(CASE WHEN %s THEN %s WHEN %s ~ ''^\+[1-9][0-9]{6,14}$'' THEN %s END)', email_ok, email_expr, phone_expr, phone_expr);
  LOOP
    EXECUTE format('SELECT s."id" FROM (SELECT "id" FROM %I WHERE "id" > $1 ORDER BY "id" LIMIT $2) s ORDER BY s."id" DESC LIMIT 1', p_table)
      INTO upper_bound USING lower_bound, p_batch;
    EXIT WHEN upper_bound IS NULL;
    EXECUTE format($sql$
      WITH wanted AS MATERIALIZED (
        SELECT DISTINCT ON (k."shopId", k.kind, k.value) k."shopId", k.kind, k.value, k.name, gen_random_uuid() AS cid
        FROM (
          SELECT r."shopId", %2$s AS kind, %3$s AS value, %4$s AS name, r."createdAt"
          FROM %1$I r
          WHERE r."id" > $1 AND r."id" <= $2 AND r."contactId" IS NULL
        ) k
        WHERE k.kind IS NOT NULL
          AND NOT EXISTS (SELECT 1 FROM "contact_identities" i WHERE i."shopId" = k."shopId" AND i."kind" = k.kind AND i."value" = k.value)
        ORDER BY k."shopId", k.kind, k.value, k.name IS NULL, k."createdAt" DESC
      ), made AS (
        INSERT INTO "contacts" ("id", "shopId", "name", "createdAt", "updatedAt")
        SELECT cid, "shopId", name, $3, $3 FROM wanted
      )
      INSERT INTO "contact_identities" ("id", "shopId", "contactId", "kind", "value", "verified", "createdAt", "updatedAt")
      SELECT gen_random_uuid(), "shopId", cid, kind, value, false, $3, $3 FROM wanted
    $sql$, p_table, kind_expr, value_expr, name_expr) USING lower_bound, upper_bound, stamp;
    EXECUTE format($sql$
      UPDATE %1$I r SET "contactId" = i."contactId"
      FROM "contact_identities" i
      WHERE r."id" > $1 AND r."id" <= $2 AND r."contactId" IS NULL
        AND i."shopId" = r."shopId" AND i."kind" = %2$s AND i."value" = %3$s
    $sql$, p_table, kind_expr, value_expr) USING lower_bound, upper_bound;
    lower_bound := upper_bound;
  END LOOP;
END $$;

SELECT "contacts_backfill"('return_requests', 'customerEmail', '', 'customerName', 5000);
SELECT "contacts_backfill"('conversations', 'customerEmail', 'customerPhone', 'customerName', 5000);
SELECT "contacts_backfill"('call_sessions', 'customerEmail', 'customerPhone', '', 5000);
SELECT "contacts_backfill"('customer_risk_profiles', 'email', '', '', 5000);

DROP FUNCTION "contacts_backfill"(TEXT, TEXT, TEXT, TEXT, INT);
