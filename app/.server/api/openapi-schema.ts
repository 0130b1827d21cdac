import { z } from "zod";

/** A zod schema as an OpenAPI 3.1 component: its JSON Schema for the request (`input`) or answer (`output`) side, without `$schema`. */
export function openApiSchema(schema: z.ZodType, io: "input" | "output"): Record<string, unknown> {
  const { $schema: _schema, ...rest } = z.toJSONSchema(schema, { io, unrepresentable: "any" }) as Record<string, unknown>;
  return rest;
}
