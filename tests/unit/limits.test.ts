import { afterEach, describe, expect, it } from "vitest";
import { EnvError, parseEnv } from "@/lib/env";
import { CLIENT_ADDRESS_HEADER, clientAddress } from "@/lib/limits/client-address";
import { secondsUntil, windowAt } from "@/lib/limits/rate-limit";
import { setEnv } from "../support/env";

describe("rate-limit settings", () => {
  it("default to limits a candidate never reaches, and 0 turns one off", () => {
    const e = parseEnv({});
    expect([e.REHEARSE_LIMIT_SESSIONS_PER_IDENTITY, e.REHEARSE_LIMIT_SESSIONS_PER_ADDRESS, e.REHEARSE_LIMIT_SESSIONS_WINDOW_SEC]).toEqual([30, 200, 3600]);
    expect([e.REHEARSE_LIMIT_CHAT_PER_IDENTITY, e.REHEARSE_LIMIT_CHAT_WINDOW_SEC]).toEqual([120, 600]);
    expect([e.REHEARSE_LIMIT_TRANSCRIBE_PER_IDENTITY, e.REHEARSE_LIMIT_TRANSCRIBE_WINDOW_SEC]).toEqual([60, 600]);
    expect([e.REHEARSE_LIMIT_LINKS_PER_IDENTITY, e.REHEARSE_LIMIT_LINKS_WINDOW_SEC]).toEqual([20, 3600]);
    expect(e.REHEARSE_TRUST_PROXY).toBe(false);
    expect(parseEnv({ REHEARSE_LIMIT_CHAT_PER_ADDRESS: "0" }).REHEARSE_LIMIT_CHAT_PER_ADDRESS).toBe(0);
    expect(parseEnv({ REHEARSE_TRUST_PROXY: "true" }).REHEARSE_TRUST_PROXY).toBe(true);
  });

  it("a bad value names the variable", () => {
    for (const [name, value] of [
      ["REHEARSE_LIMIT_SESSIONS_PER_IDENTITY", "-1"],
      ["REHEARSE_LIMIT_CHAT_WINDOW_SEC", "0"],
      ["REHEARSE_LLM_DAILY_BUDGET", "lots"],
      ["REHEARSE_TRUST_PROXY", "yes"],
      ["REHEARSE_HEADERS_TIMEOUT_MS", "0"],
    ] as const) {
      expect(() => parseEnv({ [name]: value }), name).toThrow(EnvError);
      expect(() => parseEnv({ [name]: value }), name).toThrow(name);
    }
  });
});

describe("fixed windows", () => {
  it("start at multiples of the window and Retry-After counts whole seconds to its end", () => {
    const now = new Date("2026-12-02T10:17:42.300Z");
    expect(windowAt(now, 600)).toEqual({ start: new Date("2026-12-02T10:10:00.000Z"), end: new Date("2026-12-02T10:20:00.000Z") });
    expect(secondsUntil(windowAt(now, 600).end, now)).toBe(138);
    expect(secondsUntil(new Date(now.getTime() + 10), now)).toBe(1);
  });
});

describe("client address", () => {
  let restore: () => void = () => {};
  afterEach(() => restore());
  const request = (headers: Record<string, string>) => new Request("http://localhost/api/sessions", { headers });

  it("is the socket's address the server passed on; x-forwarded-for is ignored without a trusted proxy", () => {
    restore = setEnv({ REHEARSE_TRUST_PROXY: undefined });
    expect(clientAddress(request({ [CLIENT_ADDRESS_HEADER]: "::ffff:192.0.2.7", "x-forwarded-for": "203.0.113.1" }))).toBe("192.0.2.7");
    expect(clientAddress(request({ "x-forwarded-for": "203.0.113.1" }))).toBeNull();
  });

  it("behind a trusted proxy is the last x-forwarded-for entry, the one the proxy added", () => {
    restore = setEnv({ REHEARSE_TRUST_PROXY: "1" });
    expect(clientAddress(request({ [CLIENT_ADDRESS_HEADER]: "10.0.0.2", "x-forwarded-for": "203.0.113.1, 2001:DB8::1" }))).toBe("2001:db8::1");
    expect(clientAddress(request({ [CLIENT_ADDRESS_HEADER]: "10.0.0.2" }))).toBeNull();
  });
});
