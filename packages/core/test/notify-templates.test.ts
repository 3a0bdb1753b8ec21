import {
  DEFAULT_TEMPLATES,
  formatNotifyError,
  httpFailure,
  type Notification,
  parseRetryAfter,
  renderNotification,
  renderPlainText,
  validateNotification,
} from "@sigreg/core";
import { describe, expect, it } from "vitest";

const alert: Notification = {
  kind: "alert",
  tenant: "acme",
  idempotencyKey: "msg-1",
  title: "OpenSSH regression",
  text: "First paragraph.\n\nSecond paragraph.",
  severity: "high",
  alert: { id: "a-1", url: "https://sigreg.example/alerts/a-1" },
  group: { id: "g-1", name: "FIRST", url: "https://sigreg.example/groups/g-1" },
};

describe("default templates", () => {
  it("prefix an alert's title with its severity and list severity, group and alert", () => {
    const message = renderNotification({ notification: alert });
    expect(message.title).toBe("[HIGH] OpenSSH regression");
    expect(message.paragraphs).toEqual(["First paragraph.", "Second paragraph."]);
    expect(message.fields).toEqual([
      { label: "Severity", value: "high" },
      { label: "Group", value: "FIRST" },
      { label: "Alert", value: "a-1" },
    ]);
    expect(message.links.map((link) => link.label)).toEqual(["Open alert", "Open group"]);
    expect(message.footer).toBe("sigreg · acme");
  });

  it("count a digest's items", () => {
    const message = renderNotification({
      notification: { ...alert, kind: "digest", severity: undefined, items: [{ title: "x" }] },
    });
    expect(message.title).toBe("OpenSSH regression");
    expect(message.fields).toContainEqual({ label: "Items", value: "1" });
  });

  it("are replaced per kind by the caller's template, the others stay", () => {
    const templates = {
      alert: (n: Notification) => ({ ...DEFAULT_TEMPLATES.alert(n), footer: "ACME SOC" }),
    };
    expect(renderNotification({ notification: alert, templates }).footer).toBe("ACME SOC");
    expect(
      renderNotification({ notification: { ...alert, kind: "reminder" }, templates }).footer,
    ).toBe("sigreg · acme");
  });

  it("render to plain text with every piece", () => {
    const text = renderPlainText(
      renderNotification({
        notification: { ...alert, items: [{ title: "i", text: "t", url: "https://i.example/" }] },
      }),
    );
    expect(text).toContain("[HIGH] OpenSSH regression\n\nFirst paragraph.");
    expect(text).toContain("- i (t)\n  https://i.example/");
    expect(text).toContain("Open alert: https://sigreg.example/alerts/a-1");
  });
});

describe("validateNotification", () => {
  it("accepts a valid notification", () => {
    expect(validateNotification({ notifier: "x", notification: alert }).isOk()).toBe(true);
  });
  it("refuses javascript: links, empty titles and keys with spaces as INVALID_MESSAGE", () => {
    const result = validateNotification({
      notifier: "slack",
      notification: {
        ...alert,
        title: " ",
        idempotencyKey: "a b",
        links: [{ label: "x", url: "javascript:alert(1)" }],
      },
    });
    const error = result._unsafeUnwrapErr();
    expect(error.code).toBe("INVALID_MESSAGE");
    expect(error.retryable).toBe(false);
    expect(error.message).toMatch(/title/);
    expect(error.message).toMatch(/idempotencyKey/);
    expect(error.message).toMatch(/links\.0\.url/);
  });
});

describe("httpFailure and parseRetryAfter", () => {
  const now = new Date("2026-01-01T00:00:00Z");
  it("read Retry-After as seconds or as an HTTP date", () => {
    expect(parseRetryAfter({ value: "7", now })).toBe(7000);
    expect(parseRetryAfter({ value: "Thu, 01 Jan 2026 00:00:30 GMT", now })).toBe(30_000);
    expect(parseRetryAfter({ value: "Wed, 31 Dec 2025 00:00:00 GMT", now })).toBe(0);
    expect(parseRetryAfter({ value: "soon", now })).toBeUndefined();
    expect(parseRetryAfter({ value: null, now })).toBeUndefined();
  });
  it("map 429, 5xx, 408, 4xx and 3xx to codes with the right retryability", () => {
    const of = (status: number, retryAfter?: string) =>
      httpFailure({ notifier: "t", status, now, ...(retryAfter ? { retryAfter } : {}) });
    expect(of(429, "3")).toMatchObject({
      code: "RATE_LIMITED",
      retryable: true,
      retryAfterMs: 3000,
    });
    expect(of(503, "2")).toMatchObject({ code: "TARGET_UNAVAILABLE", retryAfterMs: 2000 });
    expect(of(500, "2")).toMatchObject({ code: "TARGET_UNAVAILABLE", retryable: true });
    expect(of(500, "2").retryAfterMs).toBeUndefined();
    expect(of(408).code).toBe("TARGET_UNAVAILABLE");
    expect(of(404)).toMatchObject({ code: "REJECTED", retryable: false, status: 404 });
    expect(of(302).message).toMatch(/redirect/);
    expect(formatNotifyError(of(429, "3"))).toBe(
      "t: rate limited (HTTP 429) (retry in 3 s) [RATE_LIMITED]",
    );
  });
});
