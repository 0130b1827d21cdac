import { z } from "zod";
import { openApiSchema } from "../api/openapi-schema";
import { CallViewSchema } from "../api/contact-schemas";
import { ListCallsQuerySchema } from "./call-views.server";
import { StartPhoneCallInput } from "./start-call.server";

/** The merchant API's call operations and schemas, merged into the OpenAPI document by `api/openapi.ts`. */

const CallList = z.object({ data: z.array(CallViewSchema), nextCursor: z.string().nullable() });
const CallDetail = CallViewSchema.extend({
  transcript: z.array(z.object({ speaker: z.enum(["customer", "ai", "agent"]), text: z.string(), startMs: z.number().int().nullable() })).describe("What was said, in order (the first 200 lines)."),
  omittedSegments: z.number().int().describe("Lines of the transcript left out of this answer."),
});


export function callsOpenApiSchemas(): Record<string, Record<string, unknown>> {
  return {
    CallList: openApiSchema(CallList, "output"),
    CallDetail: openApiSchema(CallDetail, "output"),
    StartPhoneCallRequest: openApiSchema(StartPhoneCallInput, "input"),
  };
}

const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
const json = (schema: unknown) => ({ "application/json": { schema } });
const error = (name: string) => ({ $ref: `#/components/responses/${name}` });

export function callsOpenApiPaths(): Record<string, unknown> {
  const query = Object.entries((z.toJSONSchema(ListCallsQuerySchema, { io: "input" }) as { properties: Record<string, Record<string, unknown>> }).properties).map(([name, { description, ...schema }]) => ({ name, in: "query", required: false, description, schema }));
  return {
    "/api/v1/calls": {
      get: {
        operationId: "listCalls",
        summary: "List the shop's voice and video calls, newest first",
        parameters: query,
        responses: { 200: { description: "A page of calls.", content: json(ref("CallList")) }, 400: error("BadRequest"), 401: error("Unauthorized") },
      },
      post: {
        operationId: "placePhoneCall",
        summary: "Have the shop's voice agent phone a shopper",
        description:
          "Through ElevenLabs' Twilio integration and the connection's `phoneNumberId`; `to` is an E.164 number or a contact id (their phone, proved numbers first). The agent states `purpose` (or the return's) first, and treats whoever answers as unverified. 409 `calls_unavailable` when voice calls are off or not connected with a phone number.",
        requestBody: { required: true, content: json(ref("StartPhoneCallRequest")) },
        responses: {
          201: { description: "The call, ringing.", content: json(ref("CallView")) },
          400: error("BadRequest"),
          401: error("Unauthorized"),
          403: error("Forbidden"),
          404: error("NotFound"),
          409: error("Conflict"),
          415: error("UnsupportedMediaType"),
        },
      },
    },
    "/api/v1/calls/{id}": {
      get: {
        operationId: "getCall",
        summary: "Get one call with its transcript",
        parameters: [{ name: "id", in: "path", required: true, description: "The call's id", schema: { type: "string", format: "uuid" } }],
        responses: { 200: { description: "The call.", content: json(ref("CallDetail")) }, 401: error("Unauthorized"), 404: error("NotFound") },
      },
    },
  };
}
