import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { twilioSignature } from "../../../../tests/fakes/twilio";
import { parseEnv, resetEnv } from "../../env.server";
import { formParams, isSignedByTwilio, signedUrl } from "./verify-twilio-signature.server";

// Twilio's documented test vector (twilio-node's own tests use it).
const TOKEN = "12345";
const PARAMS = { CallSid: "CA1234567890ABCDE", Caller: "+12349013030", Digits: "1234", From: "+12349013030", To: "+18005551212" };
const SIGNATURE = "0/KCTR6DLpKmkAf8muzZqo1nDgQ=";

function request(url: string, signature: string | null, headers: Record<string, string> = {}) {
  return new Request(url, { method: "POST", headers: { ...(signature ? { "X-Twilio-Signature": signature } : {}), ...headers } });
}

beforeAll(() => resetEnv(parseEnv({ ...process.env, DOKANI_PUBLIC_URL: "https://mycompany.com" })));
afterAll(() => resetEnv(undefined));

describe("X-Twilio-Signature", () => {
  it("the fake signs Twilio's documented vector as Twilio does", () => {
    expect(twilioSignature(TOKEN, "https://mycompany.com/myapp.php?foo=1&bar=2", PARAMS)).toBe(SIGNATURE);
  });

  it("accepts the documented vector on a request that reached the app over plain HTTP behind a proxy", () => {
    const arrived = request("http://127.0.0.1:3000/myapp.php?foo=1&bar=2", SIGNATURE, { "X-Forwarded-Proto": "https", "X-Forwarded-Host": "mycompany.com" });
    expect(signedUrl(arrived)).toBe("https://mycompany.com/myapp.php?foo=1&bar=2");
    expect(isSignedByTwilio(arrived, TOKEN, PARAMS)).toBe(true);
  });

  it("refuses a wrong token, a changed field, a changed query, and a missing signature", () => {
    const url = "http://127.0.0.1:3000/myapp.php?foo=1&bar=2";
    expect(isSignedByTwilio(request(url, SIGNATURE), "54321", PARAMS)).toBe(false);
    expect(isSignedByTwilio(request(url, SIGNATURE), TOKEN, { ...PARAMS, Digits: "1235" })).toBe(false);
    expect(isSignedByTwilio(request("http://127.0.0.1:3000/myapp.php?foo=2&bar=2", SIGNATURE), TOKEN, PARAMS)).toBe(false);
    expect(isSignedByTwilio(request(url, null), TOKEN, PARAMS)).toBe(false);
  });

  it("never takes the host from forwarded headers: a signature over the attacker's host is refused", () => {
    const forged = twilioSignature(TOKEN, "https://attacker.example/myapp.php?foo=1&bar=2", PARAMS);
    const arrived = request("https://attacker.example/myapp.php?foo=1&bar=2", forged, { "X-Forwarded-Host": "attacker.example", Forwarded: "host=attacker.example;proto=https" });
    expect(isSignedByTwilio(arrived, TOKEN, PARAMS)).toBe(false);
  });

  it("reads a form with repeated keys as Twilio signs it", () => {
    expect(formParams("a=1&b=2&a=3")).toEqual({ a: ["1", "3"], b: "2" });
  });
});
