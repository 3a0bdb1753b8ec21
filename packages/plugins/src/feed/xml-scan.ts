import { Tokenizer, type TokenizerCallbacks } from "htmlparser2";

/** What {@link scanXml} reports: element boundaries, as offsets into the scanned text. @internal */
export interface XmlEvents {
  /** An element opened; its content starts at `contentStart`; `attribs` only when asked for. */
  open(name: string, attribs: Record<string, string> | undefined, contentStart: number): void;
  /** The innermost open element closed; its content ends at `contentEnd`. */
  close(contentEnd: number): void;
  /** Whether the attributes of an element named `name` at `depth` (root = 1) are wanted. */
  wantsAttribs(name: string, depth: number): boolean;
}

/** The tokenizer options beneath our parse (and the bench's bare pass): XML, no entity decoding. */
const TOKENIZER_OPTIONS = { xmlMode: true, decodeEntities: false } as const;

const noop = () => {};

/**
 * Walks an XML document with htmlparser2's tokenizer, keeping only a stack of lower-cased element
 * names: no text is sliced, no node is built, and attributes are read only where asked for. Close
 * tags pair with opens as htmlparser2's XML mode pairs them (an unmatched close tag is ignored,
 * one closing an outer element closes the inner ones; the end of the text closes the rest).
 * @internal
 */
export function scanXml(text: string, events: XmlEvents): void {
  const stack: string[] = [];
  let name = "";
  let attribs: Record<string, string> | undefined;
  let attribName = "";
  let attribValue = "";
  const callbacks: TokenizerCallbacks = {
    onopentagname(start, end) {
      name = text.slice(start, end).toLowerCase();
      attribs = events.wantsAttribs(name, stack.length + 1) ? Object.create(null) : undefined;
    },
    onattribname(start, end) {
      if (attribs === undefined) return;
      attribName = text.slice(start, end).toLowerCase();
      attribValue = "";
    },
    onattribdata(start, end) {
      if (attribs !== undefined) attribValue += text.slice(start, end);
    },
    onattribend() {
      if (attribs !== undefined && !(attribName in attribs)) attribs[attribName] = attribValue;
    },
    onopentagend(endIndex) {
      stack.push(name);
      events.open(name, attribs, endIndex + 1);
    },
    onselfclosingtag(endIndex) {
      events.open(name, attribs, endIndex + 1);
      events.close(endIndex + 1);
    },
    onclosetag(start, end) {
      const top = stack[stack.length - 1];
      // Nearly every close tag closes the innermost element, as written: compare in place.
      const at =
        top !== undefined && end - start === top.length && text.startsWith(top, start)
          ? stack.length - 1
          : stack.lastIndexOf(text.slice(start, end).toLowerCase());
      if (at === -1) return;
      const contentEnd = text.lastIndexOf("<", start);
      while (stack.length > at) {
        stack.pop();
        events.close(contentEnd);
      }
    },
    onend() {
      while (stack.length > 0) {
        stack.pop();
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
  const tokenizer = new Tokenizer(TOKENIZER_OPTIONS, callbacks);
  tokenizer.write(text);
  tokenizer.end();
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
