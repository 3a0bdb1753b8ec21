import { Tokenizer, type TokenizerCallbacks } from "htmlparser2";

/**
 * What {@link scanXml} reports: element boundaries, as offsets into the scanned text. Names are
 * given as offsets too (`text.slice(nameStart, nameEnd)` is the name as written), so that an
 * element whose name nobody reads costs no string. @internal
 */
export interface XmlEvents {
  /**
   * An element named `text[nameStart, nameEnd)` starts at `depth` (root = 1); returns whether its
   * attributes are wanted (they are then given to {@link XmlEvents.open}).
   */
  start(nameStart: number, nameEnd: number, depth: number): boolean;
  /** The element just started opened; its content starts at `contentStart`. */
  open(attribs: Record<string, string> | undefined, contentStart: number): void;
  /** The innermost open element closed; its content ends at `contentEnd`. */
  close(contentEnd: number): void;
}

/** The tokenizer options beneath our parse (and the bench's bare pass): XML, no entity decoding. */
const TOKENIZER_OPTIONS = { xmlMode: true, decodeEntities: false } as const;

const noop = () => {};

/**
 * Walks an XML document with htmlparser2's tokenizer, keeping only a stack of where the open
 * elements' names are written: no text is sliced, no node is built, and attributes are read only
 * where asked for. Close tags pair with opens case-insensitively (an unmatched close tag is
 * ignored, one closing an outer element closes the inner ones; the end of the text closes the rest).
 * `decode` turns a range of the text into the characters it stands for (only a name with a
 * character outside ASCII is ever decoded, to compare it; attribute values always are).
 * @internal
 */
export function scanXml(
  text: string,
  events: XmlEvents,
  decode: (start: number, end: number) => string = (start, end) => text.slice(start, end),
): void {
  // Where each open element's name is written: [start, end) pairs, innermost last.
  const names: number[] = [];
  let open = 0; // how many numbers of `names` are in use (two per open element)
  let nameStart = 0;
  let nameEnd = 0;
  let attribs: Record<string, string> | undefined;
  let attribName = "";
  let attribValue = "";
  const callbacks: TokenizerCallbacks = {
    onopentagname(start, end) {
      nameStart = start;
      nameEnd = end;
      attribs = events.start(start, end, open / 2 + 1) ? Object.create(null) : undefined;
    },
    onattribname(start, end) {
      if (attribs === undefined) return;
      attribName = decode(start, end).toLowerCase();
      attribValue = "";
    },
    onattribdata(start, end) {
      if (attribs !== undefined) attribValue += decode(start, end);
    },
    onattribend() {
      if (attribs !== undefined && !(attribName in attribs)) attribs[attribName] = attribValue;
    },
    onopentagend(endIndex) {
      names[open] = nameStart;
      names[open + 1] = nameEnd;
      open += 2;
      events.open(attribs, endIndex + 1);
    },
    onselfclosingtag(endIndex) {
      events.open(attribs, endIndex + 1);
      events.close(endIndex + 1);
    },
    onclosetag(start, end) {
      let at = open - 2;
      while (at >= 0 && !sameName(text, names[at] as number, names[at + 1] as number, start, end))
        at -= 2;
      if (at < 0) return;
      // The content ends at the `<` of `</name`, which is nearly always just before the name.
      const contentEnd =
        text.charCodeAt(start) !== LT &&
        text.charCodeAt(start - 1) === SLASH &&
        text.charCodeAt(start - 2) === LT
          ? start - 2
          : text.lastIndexOf("<", start);
      while (open > at) {
        open -= 2;
        events.close(contentEnd);
      }
    },
    onend() {
      while (open > 0) {
        open -= 2;
        events.close(text.length);
      }
    },
    onattribentity: noop,
    oncdata: noop,
    oncomment: noop,
    ondeclaration: noop,
    onprocessinginstruction: noop,
    ontext: noop,
    ontextentity: noop,
  };

  /** Whether two names are the same once lower-cased (`toLowerCase`, as the names read are). */
  function sameName(text: string, aStart: number, aEnd: number, bStart: number, bEnd: number) {
    const length = aEnd - aStart;
    if (length === bEnd - bStart) {
      let i = 0;
      for (; i < length; i++) {
        let a = text.charCodeAt(aStart + i);
        let b = text.charCodeAt(bStart + i);
        if (a === b && a < 0x80) continue;
        if (a >= 0x80 || b >= 0x80) break;
        if (a >= 0x41 && a <= 0x5a) a += 0x20;
        if (b >= 0x41 && b <= 0x5a) b += 0x20;
        if (a !== b) return false;
      }
      if (i === length) return true;
    } else if (isAscii(text, aStart, aEnd) && isAscii(text, bStart, bEnd)) return false;
    // Outside ASCII lower-casing may change lengths and depend on neighbours: compare as read.
    return decode(aStart, aEnd).toLowerCase() === decode(bStart, bEnd).toLowerCase();
  }

  const tokenizer = new Tokenizer(TOKENIZER_OPTIONS, callbacks);
  tokenizer.write(text);
  tokenizer.end();
}

const LT = 0x3c;
const SLASH = 0x2f;

function isAscii(text: string, start: number, end: number): boolean {
  for (let i = start; i < end; i++) if (text.charCodeAt(i) >= 0x80) return false;
  return true;
}

/** htmlparser2's tokenizer over `text` with empty callbacks: the floor under our parse. @internal */
export function bareTokenize(text: string): void {
  const callbacks: TokenizerCallbacks = {
    onattribdata: noop,
    onattribentity: noop,
    onattribend: noop,
    onattribname: noop,
    oncdata: noop,
    onclosetag: noop,
    oncomment: noop,
    ondeclaration: noop,
    onend: noop,
    onopentagend: noop,
    onopentagname: noop,
    onprocessinginstruction: noop,
    onselfclosingtag: noop,
    ontext: noop,
    ontextentity: noop,
  };
  const tokenizer = new Tokenizer(TOKENIZER_OPTIONS, callbacks);
  tokenizer.write(text);
  tokenizer.end();
}
