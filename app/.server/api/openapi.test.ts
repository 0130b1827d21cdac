import { describe, expect, it } from "vitest";
import { routeArgs } from "../../../tests/support/route-args";
import { action, loader } from "../../routes/api.v1.openapi[.]json";
import { env } from "../env.server";
import { decodeCursor, encodeCursor } from "./keyset-cursor";

type Json = Record<string, unknown>;

async function fetchDocument() {
  const response = await loader();
  expect(response.status).toBe(200);
  expect(response.headers.get("content-type")).toMatch(/^application\/json/);
  return (await response.json()) as Json & { paths: Record<string, Record<string, Json>>; components: Record<string, Record<string, Json>> };
}

function refsIn(value: unknown, found: string[] = []): string[] {
  if (Array.isArray(value)) for (const item of value) refsIn(item, found);
  else if (value && typeof value === "object") {
    for (const [key, inner] of Object.entries(value)) {
      if (key === "$ref" && typeof inner === "string") found.push(inner);
      else refsIn(inner, found);
    }
  }
  return found;
}

describe("GET /api/v1/openapi.json", () => {
  it("is an OpenAPI 3.1.0 document of every endpoint of the merchant API, without a key", async () => {
    const doc = await fetchDocument();
    expect(doc.openapi).toBe("3.1.0");
    const operations = Object.entries(doc.paths).flatMap(([path, methods]) => Object.keys(methods).map((method) => `${method.toUpperCase()} ${path}`));
    expect(operations.sort()).toEqual(
      [
        "GET /api/v1/returns",
        "GET /api/v1/returns/{id}",
        "PATCH /api/v1/returns/{id}",
        "PATCH /api/v1/returns/{id}/items/{lineItemId}",
        "POST /api/v1/returns/{id}/approve",
        "POST /api/v1/returns/{id}/deny",
        "POST /api/v1/returns/{id}/complete",
        "POST /api/v1/returns/{id}/receive",
        "GET /api/v1/policies",
        "POST /api/v1/policies",
        "POST /api/v1/policies/{version}/activate",
        "GET /api/v1/analytics/summary",
        "GET /api/v1/openapi.json",
        "POST /mcp",
        "POST /api/v1/conversations/{id}/messages",
        "GET /api/v1/integrations",
        "GET /api/v1/integrations/email",
        "PUT /api/v1/integrations/email",
        "DELETE /api/v1/integrations/email",
        "GET /api/v1/integrations/whatsapp",
        "PUT /api/v1/integrations/whatsapp",
        "DELETE /api/v1/integrations/whatsapp",
        "GET /api/v1/integrations/elevenlabs",
        "PUT /api/v1/integrations/elevenlabs",
        "DELETE /api/v1/integrations/elevenlabs",
        "GET /api/v1/integrations/tavus",
        "PUT /api/v1/integrations/tavus",
        "DELETE /api/v1/integrations/tavus",
        "GET /api/v1/calls",
        "POST /api/v1/calls",
        "GET /api/v1/calls/{id}",
        "GET /api/v1/contacts",
        "GET /api/v1/contacts/{id}",
        "POST /api/v1/contacts/{id}/merge",
        "GET /api/v1/conversations",
        "GET /api/v1/conversations/{id}",
        "GET /api/v1/rules",
        "POST /api/v1/rules",
        "GET /api/v1/rules/{id}",
        "PUT /api/v1/rules/{id}",
        "DELETE /api/v1/rules/{id}",
        "POST /api/v1/rules/backtests",
        "GET /api/v1/rules/backtests/{id}",
        "GET /api/v1/saved-replies",
        "POST /api/v1/saved-replies",
        "PUT /api/v1/saved-replies/{id}",
        "DELETE /api/v1/saved-replies/{id}",
        "POST /api/v1/conversations/labels",
        "GET /api/v1/webhook-endpoints",
        "POST /api/v1/webhook-endpoints",
        "GET /api/v1/webhook-endpoints/{id}",
        "PUT /api/v1/webhook-endpoints/{id}",
        "DELETE /api/v1/webhook-endpoints/{id}",
        "POST /api/v1/webhook-endpoints/{id}/rotate-secret",
        "GET /api/v1/webhook-endpoints/{id}/deliveries",
        "POST /api/v1/webhook-endpoints/{id}/deliveries/{deliveryId}/replay",
      ].sort(),
    );
  });

  it("names the app's public origin as its server, and documents the list filters", async () => {
    const doc = await fetchDocument();
    expect(doc.servers).toEqual([{ url: env().appUrl, description: expect.any(String) }]);
    const list = doc.paths["/api/v1/returns"]!.get as unknown as { parameters: Array<{ name: string; in: string; description?: string }> };
    expect(list.parameters.map((p) => p.name)).toEqual(expect.arrayContaining(["status", "email", "order", "from", "to", "limit", "cursor"]));
    expect(list.parameters.find((p) => p.name === "from")!.description).toMatch(/ISO 8601 time/);
  });

  it("requires the bearer key everywhere but on itself, and answers errors with the Error schema", async () => {
    const doc = await fetchDocument();
    expect(doc.security).toEqual([{ bearerAuth: [] }]);
    expect(doc.components.securitySchemes!.bearerAuth).toMatchObject({ type: "http", scheme: "bearer" });
    expect(doc.paths["/api/v1/openapi.json"]!.get!.security).toEqual([]);
    for (const [path, methods] of Object.entries(doc.paths)) {
      if (path === "/api/v1/openapi.json") continue;
      for (const operation of Object.values(methods)) {
        const responses = operation.responses as Record<string, { $ref?: string }>;
        expect(responses["401"], path).toEqual({ $ref: "#/components/responses/Unauthorized" });
      }
    }
    for (const path of ["/api/v1/returns/{id}/approve", "/api/v1/returns/{id}/deny", "/api/v1/returns/{id}/complete", "/api/v1/returns/{id}/receive", "/api/v1/policies", "/api/v1/policies/{version}/activate"]) {
      expect((doc.paths[path]!.post!.responses as Record<string, unknown>)["403"], path).toEqual({ $ref: "#/components/responses/Forbidden" });
    }
    for (const response of Object.values(doc.components.responses!)) {
      expect(response).toMatchObject({ content: { "application/json": { schema: { $ref: "#/components/schemas/Error" } } } });
    }
    expect(doc.components.schemas!.Error).toMatchObject({ required: ["error"], properties: { error: { required: ["code", "message"] } } });
  });

  it("describes ReturnView with every field it requires, and the merchant return beyond it", async () => {
    const { components } = await fetchDocument();
    const schemas = components.schemas as Record<string, { required?: string[]; properties?: Record<string, Json> }>;
    expect(schemas.ReturnView!.required).toEqual(["id", "orderName", "status", "resolution", "items", "decision", "refundEstimate", "reference", "nextStep", "exchange", "createdAt", "updatedAt"]);
    expect(schemas.ReturnView!.properties!.status).toEqual({ type: "string", enum: ["pending_triage", "pending_review", "approved", "denied", "completed", "cancelled"] });
    expect(schemas.ReturnView!.properties!.refundEstimate).toEqual({ $ref: "#/components/schemas/Money" });
    expect(schemas.MerchantReturn!.required).toEqual(expect.arrayContaining(["customerEmail", "risk", "policyVersion"]));
    expect(schemas.MerchantReturnDetail!.required).toEqual(expect.arrayContaining(["timeline", "aiRecommendation", "syncStatus", "syncError"]));
    expect(schemas.ReturnList!.properties!.data).toEqual({ type: "array", items: { $ref: "#/components/schemas/MerchantReturn" } });
    for (const name of ["Policy", "AnalyticsSummary", "Error", "ApproveReturnRequest", "DenyReturnRequest", "CompleteReturnRequest", "ReceiveReturnRequest", "CreatePolicyRequest"]) {
      expect(schemas, name).toHaveProperty([name]);
    }
    expect(schemas.DenyReturnRequest!.required).toEqual(["reason"]);
    expect(schemas.CreatePolicyRequest!.properties!.rules).toEqual({ $ref: "#/components/schemas/PolicyRules" });
  });

  it("declares parameters and bodies, and every reference resolves", async () => {
    const doc = await fetchDocument();
    const list = doc.paths["/api/v1/returns"]!.get!;
    expect((list.parameters as Json[]).map((p) => [p.name, p.in, p.required])).toEqual([
      ["status", "query", false],
      ["limit", "query", false],
      ["cursor", "query", false],
      ["email", "query", false],
      ["order", "query", false],
      ["from", "query", false],
      ["to", "query", false],
    ]);
    expect((list.parameters as Json[])[1]!.schema).toEqual({ default: 25, type: "integer", minimum: 1, maximum: 100 });
    expect(doc.paths["/api/v1/returns/{id}/deny"]!.post!.requestBody).toEqual({
      required: true,
      content: { "application/json": { schema: { $ref: "#/components/schemas/DenyReturnRequest" } } },
    });
    expect(doc.paths["/api/v1/policies"]!.post!.responses).toMatchObject({
      "201": { content: { "application/json": { schema: { $ref: "#/components/schemas/CreatedPolicy" } } } },
      "422": { $ref: "#/components/responses/UnprocessableEntity" },
    });
    expect((doc.paths["/api/v1/policies/{version}/activate"]!.post!.parameters as Json[])[0]).toMatchObject({ name: "version", in: "path", required: true, schema: { type: "integer" } });

    for (const ref of refsIn(doc)) {
      const [, section, name] = /^#\/components\/(schemas|responses)\/(\w+)$/.exec(ref) ?? [];
      expect(section && name && doc.components[section]![name], ref).toBeTruthy();
    }
    expect(JSON.stringify(doc)).not.toContain("$schema");
  });

  it("serves only GET", async () => {
    const response = await action(routeArgs(new Request("http://127.0.0.1/api/v1/openapi.json", { method: "POST" })));
    expect(response.status).toBe(405);
  });
});

describe("keyset cursors", () => {
  it("round-trips a position and refuses anything it did not make", () => {
    const position = { createdAt: new Date("2026-11-10T12:00:00.123Z"), id: "0190f5a2-7c1e-7a3b-9c4d-5e6f7a8b9c0d" };
    const cursor = encodeCursor(position);
    expect(cursor).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(decodeCursor(cursor)).toEqual(position);
    for (const bad of ["", "!!", encodeCursor(position) + "=", Buffer.from("x|y|z").toString("base64url"), Buffer.from(`2026-11-10|${position.id}`).toString("base64url")]) {
      expect(() => decodeCursor(bad), bad).toThrow(expect.objectContaining({ code: "invalid_request", fields: { cursor: "is not a cursor this API gave out" } }));
    }
  });
});
