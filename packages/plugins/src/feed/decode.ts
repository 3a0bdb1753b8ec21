import { Buffer, isAscii } from "node:buffer";
import { hasDoctype } from "./doctype.js";

/**
 * Turns the bytes of a feed into text, honouring (in this order) a byte-order mark, the HTTP
 * `charset`, then the XML declaration's `encoding`; UTF-8 otherwise. Unknown labels fall back to
 * UTF-8, and undecodable bytes become U+FFFD rather than an error.
 * @example decodeFeedBytes(bytes, "application/rss+xml; charset=ISO-8859-1")
 */
export function decodeFeedBytes(bytes: Uint8Array, contentType?: string): string {
  const label = encodingLabel(bytes, contentType);
  if (WINDOWS_1252_LABELS.has(label)) return decodeWindows1252(bytes);
  return decoderFor(label).decode(bytes); // strips a BOM
}

function encodingLabel(bytes: Uint8Array, contentType: string | undefined): string {
  return bomEncoding(bytes) ?? charsetOf(contentType) ?? xmlDeclaredEncoding(bytes) ?? "utf-8";
}

/**
 * An XML feed in UTF-8 as the tokenizer reads it: `text` is the bytes one character each (ISO-8859-1,
 * after any byte-order mark), so an offset in it is an offset in the bytes; `decode(start, end)`
 * gives the characters those bytes stand for in UTF-8, exactly what slicing the decoded document
 * would give. Every character the markup is made of is ASCII, and in UTF-8 a byte below 0x80 is
 * never part of another character, so the tokenizer finds the same tags at the same places, and
 * a range between two of them decodes alone as it does within the whole. Only the ranges read
 * (names compared, attribute values, the text of the fields kept) are decoded, instead of the
 * whole document. @internal
 */
export interface ScannedBytes {
  text: string;
  decode(start: number, end: number): string;
}

/**
 * The bytes of a feed as {@link ScannedBytes} when that reads the same as the decoded text: the
 * encoding is UTF-8 and the document starts, after ASCII white space, with `<` and has no
 * document type declaration (the declaration is removed from decoded text). `undefined` for
 * anything else (other encodings, JSON, a DOCTYPE), which is decoded whole. @internal
 */
export function scanFeedBytes(bytes: Uint8Array, contentType?: string): ScannedBytes | undefined {
  const label = encodingLabel(bytes, contentType);
  if (WINDOWS_1252_LABELS.has(label) || decoderFor(label).encoding !== "utf-8") return undefined;
  const start = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0;
  let first = start;
  while (first < bytes.length && ASCII_SPACE.has(bytes[first] as number)) first++;
  if (bytes[first] !== 0x3c) return undefined;
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset + start, bytes.byteLength - start);
  const text = buffer.toString("latin1");
  if (hasDoctype(first === start ? text : text.slice(first - start))) return undefined;
  // A document all in ASCII (a third of the corpus) is its own decoding.
  if (isAscii(buffer)) return { text, decode: (from, to) => text.slice(from, to) };
  return {
    text,
    decode(from, to) {
      const latin = text.slice(from, to);
      return NOT_ASCII.test(latin) ? buffer.toString("utf8", from, to) : latin;
    },
  };
}

// The text is one byte a character: anything above 0x7f is part of a multi-byte sequence.
const NOT_ASCII = /[\x80-\xff]/;

// What `trimStart` removes that UTF-8 writes in one byte.
const ASCII_SPACE = new Set([0x09, 0x0a, 0x0b, 0x0c, 0x0d, 0x20]);

/**
 * What the tokenizer beneath `htmlparser2Parser` is given for a document's bytes: the
 * {@link scanFeedBytes} text when that applies, the decoded text otherwise. @internal
 */
export function tokenizerText(bytes: Uint8Array, contentType?: string): string {
  return scanFeedBytes(bytes, contentType)?.text ?? decodeFeedBytes(bytes, contentType);
}

// A decoder keeps no state between whole-buffer decode() calls, so one per label is reused.
const decoders = new Map<string, InstanceType<typeof TextDecoder>>();

function decoderFor(label: string): InstanceType<typeof TextDecoder> {
  let decoder = decoders.get(label);
  if (decoder === undefined) {
    decoder = new TextDecoder(supported(label) ? label : "utf-8");
    // Labels come from documents; keep the map small whatever they say.
    if (decoders.size < 64) decoders.set(label, decoder);
  }
  return decoder;
}

/** Labels the Encoding Standard maps to windows-1252 (ISO-8859-1 included). */
const WINDOWS_1252_LABELS = new Set([
  "windows-1252",
  "cp1252",
  "x-cp1252",
  "iso-8859-1",
  "iso8859-1",
  "iso_8859-1",
  "latin1",
  "l1",
  "ascii",
  "us-ascii",
]);

// Bytes 0x80–0x9F of windows-1252; Node 20's TextDecoder maps them as ISO-8859-1 controls instead.
const HIGH_1252 =
  "\u20ac\u0081\u201a\u0192\u201e\u2026\u2020\u2021\u02c6\u2030\u0160\u2039\u0152\u008d\u017d\u008f" +
  "\u0090\u2018\u2019\u201c\u201d\u2022\u2013\u2014\u02dc\u2122\u0161\u203a\u0153\u009d\u017e\u0178";

function decodeWindows1252(bytes: Uint8Array): string {
  // Byte b is U+00b except for 0x80–0x9F; one native pass, and a flat string for the tokenizer.
  const text = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString("latin1");
  return C1.test(text)
    ? text.replace(C1_ALL, (c) => HIGH_1252[c.charCodeAt(0) - 0x80] as string)
    : text;
}

const C1 = /[\x80-\x9f]/;
const C1_ALL = /[\x80-\x9f]/g;

function bomEncoding(bytes: Uint8Array): string | undefined {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return "utf-8";
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return "utf-16le";
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return "utf-16be";
  // UTF-16 without a BOM still starts with "<" next to a zero byte.
  if (bytes[0] === 0x3c && bytes[1] === 0x00 && bytes[2] === 0x3f) return "utf-16le";
  if (bytes[0] === 0x00 && bytes[1] === 0x3c && bytes[3] === 0x3f) return "utf-16be";
  return undefined;
}

/** The `charset` parameter of a Content-Type header. @internal */
export function charsetOf(contentType: string | undefined): string | undefined {
  const match = contentType?.match(/;\s*charset\s*=\s*"?([A-Za-z0-9._:-]+)"?/i);
  return match?.[1]?.toLowerCase();
}

function xmlDeclaredEncoding(bytes: Uint8Array): string | undefined {
  // The declaration is ASCII in every ASCII-compatible encoding; it must come first and is short.
  const head = new TextDecoder("latin1").decode(bytes.subarray(0, 200));
  const match = head.match(/^\s*<\?xml[^>]*?\bencoding\s*=\s*["']([A-Za-z0-9._:-]+)["']/);
  return match?.[1]?.toLowerCase();
}

function supported(label: string): boolean {
  try {
    new TextDecoder(label);
    return true;
  } catch {
    return false;
  }
}
