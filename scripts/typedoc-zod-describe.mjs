// @ts-check
/**
 * TypeDoc plugin: a property of a type inferred from a zod schema (`z.infer<typeof groupSchema>`)
 * has no JSDoc of its own, but its schema field carries a `.describe("…")` text — the same text the
 * JSON Schema (`register.schema.json`) shows. This plugin gives such a property that text as its
 * summary (see `fieldText` for the forms it reads), and a property of an object literal that
 * implements an interface the interface's text, so that the API reference documents every field
 * from one source and typedoc's `notDocumented` validation can require it. A property that has a
 * JSDoc comment of its own keeps it. It also warns (an error under `treatWarningsAsErrors`) when an
 * entry point's module comment has no `@example`.
 */

import { Comment, Converter, ReflectionKind } from "typedoc";
import ts from "typescript";

/**
 * The summary of the JSDoc on a symbol's first declaration (following an import to its source).
 * @param {ts.TypeChecker} checker
 * @param {ts.Symbol | undefined} symbol
 * @returns {string | undefined}
 */
function jsDocSummary(checker, symbol) {
  const target =
    symbol !== undefined && symbol.flags & ts.SymbolFlags.Alias
      ? checker.getAliasedSymbol(symbol)
      : symbol;
  const text = ts.displayPartsToString(target?.getDocumentationComment(checker) ?? []).trim();
  return text === "" ? undefined : text;
}

/**
 * The text documenting a zod schema field, from its initializer: the `.describe("…")` in its call
 * chain (`z.string().optional().describe("Why.")`); else, for a field made of a named schema
 * (`id: idSchema`, `membership: membershipSchema.optional()`), that schema's JSDoc; else, for a
 * field made by a local helper that describes with one of its parameters
 * (`days(90, "Days after which…")`), the string passed for that parameter.
 * @param {ts.TypeChecker} checker
 * @param {ts.Expression} expression
 * @returns {string | undefined}
 */
function fieldText(checker, expression) {
  let node = expression;
  while (ts.isCallExpression(node) && ts.isPropertyAccessExpression(node.expression)) {
    const [first] = node.arguments;
    if (
      node.expression.name.text === "describe" &&
      first !== undefined &&
      ts.isStringLiteralLike(first)
    ) {
      return first.text;
    }
    node = node.expression.expression;
  }
  if (ts.isIdentifier(node)) return jsDocSummary(checker, checker.getSymbolAtLocation(node));
  if (ts.isCallExpression(node) && ts.isIdentifier(node.expression)) {
    const helper = checker.getSymbolAtLocation(node.expression)?.valueDeclaration;
    const fn =
      helper !== undefined && ts.isVariableDeclaration(helper) ? helper.initializer : helper;
    if (fn === undefined || !(ts.isArrowFunction(fn) || ts.isFunctionDeclaration(fn)))
      return undefined;
    const body = fn.body?.getText() ?? "";
    const index = fn.parameters.findIndex((parameter) =>
      body.includes(`.describe(${parameter.name.getText()})`),
    );
    const argument = node.arguments[index];
    if (argument !== undefined && ts.isStringLiteralLike(argument)) return argument.text;
  }
  return undefined;
}

/**
 * For a property of an object literal typed by an interface (`{ id: "csv", … } satisfies
 * Exporter`), the JSDoc of the interface's property it implements.
 * @param {ts.TypeChecker} checker
 * @param {ts.PropertyAssignment | ts.MethodDeclaration} declaration
 * @returns {string | undefined}
 */
function implementedText(checker, declaration) {
  if (!ts.isObjectLiteralExpression(declaration.parent)) return undefined;
  const contextual = checker.getContextualType(declaration.parent);
  const name = declaration.name.getText();
  // `Promise<ExportOutput> | ExportOutput`: the member that has the property.
  const types =
    contextual === undefined ? [] : contextual.isUnion() ? contextual.types : [contextual];
  for (const type of types) {
    const text = jsDocSummary(checker, type.getProperty(name));
    if (text !== undefined) return text;
  }
  return undefined;
}

/** @param {import("typedoc").Application} app */
export function load(app) {
  // Every entry point carries an example: a warning here fails `pnpm docs:api`.
  app.converter.on(Converter.EVENT_RESOLVE_END, (context) => {
    const project = context.project;
    const modules = project.getReflectionsByKind(ReflectionKind.Module);
    for (const entry of modules.length > 0 ? modules : [project]) {
      if (entry.comment?.blockTags.some((tag) => tag.tag === "@example")) continue;
      app.logger.warn(
        `${project.name}: entry point ${entry.getFriendlyFullName()} has no @example in its module comment`,
      );
    }
  });

  app.converter.on(Converter.EVENT_CREATE_DECLARATION, (context, reflection) => {
    if (
      !reflection.kindOf(ReflectionKind.Property | ReflectionKind.Method) ||
      reflection.hasComment()
    )
      return;
    const symbol = context.getSymbolFromReflection(reflection);
    for (const declaration of symbol?.declarations ?? []) {
      let text;
      if (ts.isPropertyAssignment(declaration))
        text =
          implementedText(context.checker, declaration) ??
          fieldText(context.checker, declaration.initializer);
      else if (ts.isMethodDeclaration(declaration))
        text = implementedText(context.checker, declaration);
      if (text === undefined) continue;
      reflection.comment = new Comment([{ kind: "text", text }]);
      return;
    }
  });
}
