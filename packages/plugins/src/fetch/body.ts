import type { Readable, Transform } from "node:stream";
import { pipeline } from "node:stream/promises";
import { createBrotliDecompress, createGunzip, createInflate } from "node:zlib";
import { FetchError } from "./errors.js";

/** The decoders for a `Content-Encoding` header, outermost last; undefined for an unknown one. */
function decoders(contentEncoding: string | undefined): Transform[] | undefined {
  const codings = (contentEncoding ?? "")
    .split(",")
    .map((coding) => coding.trim().toLowerCase())
    .filter((coding) => coding !== "" && coding !== "identity");
  const chain: Transform[] = [];
  // Codings are listed in the order they were applied, so they are undone from the last.
  for (const coding of codings.reverse()) {
    if (coding === "gzip" || coding === "x-gzip") chain.push(createGunzip());
    else if (coding === "deflate") chain.push(createInflate());
    else if (coding === "br") chain.push(createBrotliDecompress());
    else return undefined;
  }
  return chain;
}

/**
 * Reads a response body, decompressing it, and stops (destroying the connection) as soon as the
 * decompressed size passes `maxBytes`, so neither a huge body nor a compression bomb is ever held
 * in memory.
 * @internal
 */
export async function readLimitedBody(options: {
  body: Readable;
  contentEncoding: string | undefined;
  maxBytes: number;
  url: string;
  signal: AbortSignal;
}): Promise<Uint8Array> {
  const { url, maxBytes } = options;
  const chain = decoders(options.contentEncoding);
  if (!chain) {
    options.body.on("error", () => {});
    options.body.destroy();
    throw new FetchError({
      code: "FETCH_DECODE",
      url,
      reason: `unsupported Content-Encoding "${options.contentEncoding}"; expected gzip, deflate or br`,
    });
  }
  const chunks: Buffer[] = [];
  let total = 0;
  let tooLarge: FetchError | undefined;
  try {
    // The typings have no overload for a variable number of stages; the runtime takes any number.
    await (pipeline as (...stages: unknown[]) => Promise<void>)(
      options.body,
      ...chain,
      async (source: AsyncIterable<Buffer>) => {
        for await (const chunk of source) {
          total += chunk.length;
          if (total > maxBytes) {
            tooLarge = new FetchError({
              code: "FETCH_TOO_LARGE",
              url,
              reason: `body${chain.length > 0 ? " (decompressed)" : ""} exceeds the limit of ${maxBytes} bytes`,
            });
            throw tooLarge;
          }
          chunks.push(chunk);
        }
      },
      { signal: options.signal },
    );
  } catch (error) {
    options.body.on("error", () => {});
    options.body.destroy();
    // Destroying the stages can surface another error (a premature close) first: the limit wins.
    if (tooLarge) throw tooLarge;
    const code = (error as { code?: unknown }).code;
    if (typeof code === "string" && code.startsWith("Z_")) {
      throw new FetchError({
        code: "FETCH_DECODE",
        url,
        reason: `body could not be decompressed (${code})`,
      });
    }
    throw error;
  }
  return Buffer.concat(chunks, total);
}
