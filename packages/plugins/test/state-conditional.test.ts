import { describe, expect, it } from "vitest";
import type { SafeFetchInit } from "../src/fetch/index.js";
import { feedConditionalStore, withConditionalStore } from "../src/index.js";

/** A fetch that records the headers it was given and answers with `answer`. */
function recording(answer: () => Response) {
  const calls: { url: string; init: SafeFetchInit | undefined }[] = [];
  const fetch = async (url: string | URL, init?: SafeFetchInit) => {
    calls.push({ url: String(url), init });
    return answer();
  };
  return { fetch, calls };
}

const URL_ = "https://feeds.example/advisories.xml";

describe("withConditionalStore over a feed's state", () => {
  it("sends the stored validators, and keeps new ones pending rather than overwriting the state", async () => {
    const store = feedConditionalStore(URL_, {
      etag: '"v1"',
      lastModified: "Mon, 16 Mar 2026 08:00:00 GMT",
    });
    const { fetch, calls } = recording(
      () => new Response("<rss/>", { status: 200, headers: { etag: '"v2"' } }),
    );
    await withConditionalStore(fetch, store)(URL_, { headers: { accept: "application/rss+xml" } });
    expect(calls[0]?.init?.headers).toEqual({
      accept: "application/rss+xml",
      "if-none-match": '"v1"',
      "if-modified-since": "Mon, 16 Mar 2026 08:00:00 GMT",
    });
    expect(store.pending).toEqual({ etag: '"v2"' });
    expect(await store.get(URL_)).toEqual({ etag: '"v2"' });
  });

  it("lets the caller's own conditional header win, and leaves HEAD, POST and other URLs alone", async () => {
    const store = feedConditionalStore(URL_, { etag: '"v1"' });
    const { fetch, calls } = recording(() => new Response(null, { status: 304 }));
    const wrapped = withConditionalStore(fetch, store);
    await wrapped(URL_, { headers: { "If-None-Match": '"mine"' } });
    await wrapped(URL_, { method: "HEAD" });
    await wrapped("https://feeds.example/other.xml");
    expect(calls.map((call) => call.init?.headers)).toEqual([
      { "If-None-Match": '"mine"' },
      undefined,
      {},
    ]);
    expect(store.pending).toBeUndefined(); // a 304 brings no new validators
  });
});
