// Tiny ANSI helpers. node:util styleText exists in Node 20.19, but from Node 20.20/22.13 it checks
// process.stdout itself and drops colour when that is not a TTY, which ignores the caller's
// decision (an injected isTTY, FORCE_COLOR). The CLI decides once, here, and styles explicitly.

/** Text styles used by the text reports; identity functions when colour is off. */
export interface Style {
  bold: (text: string) => string;
  dim: (text: string) => string;
  red: (text: string) => string;
  green: (text: string) => string;
  yellow: (text: string) => string;
  cyan: (text: string) => string;
}

const sgr =
  (open: number, close: number) =>
  (text: string): string =>
    `\u001b[${open}m${text}\u001b[${close}m`;

const ANSI: Style = {
  bold: sgr(1, 22),
  dim: sgr(2, 22),
  red: sgr(31, 39),
  green: sgr(32, 39),
  yellow: sgr(33, 39),
  cyan: sgr(36, 39),
};

const identity = (text: string): string => text;

const PLAIN: Style = {
  bold: identity,
  dim: identity,
  red: identity,
  green: identity,
  yellow: identity,
  cyan: identity,
};

/**
 * Whether to colour output: `FORCE_COLOR` decides when set (`0` or `false` turn colour off), then
 * a non-empty `NO_COLOR` or `TERM=dumb` turn it off, otherwise colour only on a terminal.
 */
export function useColor(
  env: Readonly<Record<string, string | undefined>>,
  isTTY: boolean,
): boolean {
  const force = env.FORCE_COLOR;
  if (force !== undefined) return force !== "0" && force.toLowerCase() !== "false";
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== "") return false;
  if (env.TERM === "dumb") return false;
  return isTTY;
}

/** The style for a colour decision. */
export function styleFor(color: boolean): Style {
  return color ? ANSI : PLAIN;
}

// biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point.
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/g;

/**
 * Makes register-supplied text safe for a terminal line: line breaks and tabs become spaces, other
 * control characters (an ESC that would start an escape sequence) are shown as `\uXXXX`.
 */
export function clean(text: string): string {
  return text.replace(CONTROL, (char) =>
    char === "\n" || char === "\r" || char === "\t"
      ? " "
      : `\\u${char.charCodeAt(0).toString(16).padStart(4, "0")}`,
  );
}

/** Lays out rows as left-aligned columns separated by two spaces; `right` lists right-aligned columns. */
export function table(
  rows: readonly (readonly string[])[],
  right: ReadonlySet<number> = new Set(),
): string[] {
  const widths: number[] = [];
  for (const row of rows)
    row.forEach((cell, index) => {
      widths[index] = Math.max(widths[index] ?? 0, cell.length);
    });
  return rows.map((row) =>
    row
      .map((cell, index) => {
        const width = widths[index] ?? 0;
        if (right.has(index)) return cell.padStart(width);
        return index === row.length - 1 ? cell : cell.padEnd(width);
      })
      .join("  "),
  );
}
