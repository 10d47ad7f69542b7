// Finds the code a reader is shown: the ```ts blocks of the TSDoc of every public symbol
// (what typedoc documents: each package's typedoc.json entry points, followed through
// re-exports, namespaces and class members) and of the Markdown guides and READMEs. Each
// block keeps the file and line it came from, so a failing example names its source.
import { existsSync, readFileSync, readdirSync } from "node:fs";
import { join, relative } from "node:path";
import ts from "typescript";

/** One ```ts block, as shown to a reader. */
export interface CodeExample {
  /** Repository-relative path of the file holding the block. */
  file: string;
  /** 1-based line of the block's first code line in that file. */
  line: number;
  /** The code, comment markers stripped. */
  code: string;
  /** The public symbol whose TSDoc holds it (`package:Name`, `package:Class#member`), if any. */
  symbol?: string;
}

/** What the TSDoc of a public, top-level symbol says, for the documentation rules. */
export interface DocumentedSymbol {
  /** `package:Name`, or `package:namespace.Name`. */
  symbol: string;
  /** Repository-relative path and 1-based line of its declaration. */
  where: string;
  /** The declaration's syntax kind (`FunctionDeclaration`, `InterfaceDeclaration`, …). */
  kind: string;
  /** The summary: the comment text before the first block tag. */
  summary: string;
  /** Block tag names, without `@`. */
  tags: string[];
  /** The text of its `@category` tag, if any. */
  category: string | undefined;
  /** Names given by `@param` tags. */
  paramTags: string[];
  /** Parameter names of each call signature (functions, and constants holding one). */
  signatures: { params: string[]; returnsVoid: boolean }[];
  /** The ```ts blocks of its `@example` tags. */
  examples: number;
}

/** The public API's documentation: its symbols and every ```ts block in their TSDoc. */
export interface ApiDocs {
  /** A compiler host that parses each file once; a later program built with it reuses the parses. */
  host: ts.CompilerHost;
  /** Compiler options of tsconfig.check.json (`paths` map `@tsgrad/*` to sources). */
  options: ts.CompilerOptions;
  /** Top-level public symbols, in entry-point order. */
  symbols: DocumentedSymbol[];
  /** Every ```ts block in the TSDoc of a public symbol or member, and in entry-point module comments. */
  examples: CodeExample[];
}

const FENCE_OPEN = /^(\s*)```(ts|typescript)\s*$/;
const FENCE_ANY = /^\s*```/;

/** Compiler options of `tsconfig.check.json` at `root`. */
export function checkOptions(root: string): ts.CompilerOptions {
  const parsed = ts.getParsedCommandLineOfConfigFile(join(root, "tsconfig.check.json"), {}, {
    ...ts.sys,
    onUnRecoverableConfigFileDiagnostic: (d) => {
      throw new Error(ts.flattenDiagnosticMessageText(d.messageText, "\n"));
    },
  });
  if (parsed === undefined) throw new Error("cannot read tsconfig.check.json");
  return parsed.options;
}

/** The entry points typedoc documents: `packages/<pkg>/<entry>` from each package's typedoc.json. */
export function entryPoints(root: string): { pkg: string; file: string }[] {
  const out: { pkg: string; file: string }[] = [];
  for (const pkg of readdirSync(join(root, "packages")).sort()) {
    const config = join(root, "packages", pkg, "typedoc.json");
    if (!existsSync(config)) continue;
    const { entryPoints: entries } = JSON.parse(readFileSync(config, "utf8")) as { entryPoints: string[] };
    for (const e of entries) out.push({ pkg, file: join(root, "packages", pkg, e) });
  }
  return out;
}

/** A compiler host whose parsed source files are kept, so several programs parse each file once. */
export function cachingHost(options: ts.CompilerOptions): ts.CompilerHost {
  const host = ts.createCompilerHost(options, true);
  const cache = new Map<string, ts.SourceFile | undefined>();
  const parse = host.getSourceFile.bind(host);
  host.getSourceFile = (fileName, languageVersion, onError, shouldCreate) => {
    if (!cache.has(fileName)) cache.set(fileName, parse(fileName, languageVersion, onError, shouldCreate));
    return cache.get(fileName);
  };
  return host;
}

/** ```ts blocks of Markdown text: a block starts at a ```ts (or ```typescript) line, alone. */
export function markdownExamples(text: string, file: string, firstLine = 1): CodeExample[] {
  const lines = text.split("\n");
  const out: CodeExample[] = [];
  for (let i = 0; i < lines.length; i++) {
    const open = FENCE_OPEN.exec(lines[i]!);
    if (open === null) {
      // Skip other fenced blocks whole, so a ```ts line inside them is not taken for an opening.
      if (FENCE_ANY.test(lines[i]!)) {
        const close = lines.findIndex((l, j) => j > i && FENCE_ANY.test(l));
        if (close > i) i = close;
      }
      continue;
    }
    const indent = open[1]!.length;
    const close = lines.findIndex((l, j) => j > i && FENCE_ANY.test(l));
    if (close < 0) throw new Error(`${file}:${firstLine + i}: a \`\`\`ts block is never closed`);
    const body = lines.slice(i + 1, close).map((l) => l.slice(Math.min(indent, l.length - l.trimStart().length)));
    out.push({ file, line: firstLine + i + 1, code: body.join("\n") });
    i = close;
  }
  return out;
}

/** A JSDoc comment as Markdown lines (markers stripped) with the 1-based line of its first line. */
function commentLines(doc: ts.JSDoc): { lines: string[]; firstLine: number } {
  const sf = doc.getSourceFile();
  const start = doc.getStart(sf);
  const lines = sf.text
    .slice(start, doc.end)
    .split("\n")
    .map((l) => l.replace(/^\s*\/\*\*\s?/, "").replace(/\s*\*\/\s*$/, "").replace(/^\s*\* ?/, ""));
  return { lines, firstLine: sf.getLineAndCharacterOfPosition(start).line + 1 };
}

function kindName(node: ts.Node): string {
  return ts.SyntaxKind[node.kind];
}

/** JSDoc comments attached to a declaration (for a variable: those of its statement). */
function jsDocsOf(decl: ts.Declaration): ts.JSDoc[] {
  return ts.getJSDocCommentsAndTags(decl).filter(ts.isJSDoc);
}

function tagNames(docs: ts.JSDoc[]): string[] {
  return docs.flatMap((d) => (d.tags ?? []).map((t) => t.tagName.text));
}

/** Call signatures of a declaration: parameter names and whether the result is void. */
function signaturesOf(checker: ts.TypeChecker, decl: ts.Declaration): DocumentedSymbol["signatures"] {
  let sigs: readonly ts.Signature[] = [];
  if (ts.isFunctionDeclaration(decl) || ts.isMethodDeclaration(decl)) {
    const s = checker.getSignatureFromDeclaration(decl);
    sigs = s === undefined ? [] : [s];
  } else if (ts.isVariableDeclaration(decl) && decl.initializer !== undefined && (ts.isArrowFunction(decl.initializer) || ts.isFunctionExpression(decl.initializer))) {
    // A constant defined by a function expression; constants of other callable types (vitest's
    // `test`, re-exported) document their own parameters elsewhere.
    sigs = checker.getTypeAtLocation(decl).getCallSignatures();
  }
  return sigs.map((s) => {
    const ret = checker.getReturnTypeOfSignature(s);
    const text = checker.typeToString(ret);
    return { params: s.getParameters().map((p) => p.name), returnsVoid: text === "void" || text === "Promise<void>" || text === "never" };
  });
}

/**
 * The public API of the packages under `root`: every top-level symbol typedoc documents and
 * every ```ts block in the TSDoc of those symbols, their members and the entry modules.
 */
export function apiDocs(root: string): ApiDocs {
  const options = checkOptions(root);
  const entries = entryPoints(root);
  const host = cachingHost(options);
  const program = ts.createProgram(
    entries.map((e) => e.file),
    options,
    host,
  );
  const checker = program.getTypeChecker();
  const srcPrefix = join(root, "packages") + "/";
  const isOurs = (d: ts.Node): boolean => {
    const f = d.getSourceFile().fileName;
    return f.startsWith(srcPrefix) && f.includes("/src/");
  };
  const rel = (f: string): string => relative(root, f);

  const symbols: DocumentedSymbol[] = [];
  const examples: CodeExample[] = [];
  const seenSymbols = new Set<ts.Symbol>();
  const seenDocs = new Set<string>();

  /** Collects the ```ts blocks of one comment (once per comment, however many symbols share it). */
  const collect = (doc: ts.JSDoc, symbol: string): void => {
    const sf = doc.getSourceFile();
    const key = `${sf.fileName}:${doc.pos}`;
    const { lines, firstLine } = commentLines(doc);
    const found = markdownExamples(lines.join("\n"), rel(sf.fileName), firstLine);
    if (!seenDocs.has(key)) {
      seenDocs.add(key);
      for (const ex of found) examples.push({ ...ex, symbol });
    }
  };

  /** ```ts blocks inside `@example` sections only. */
  const exampleBlocks = (doc: ts.JSDoc): number => {
    const { lines } = commentLines(doc);
    let inExample = false;
    let inFence = false;
    let count = 0;
    for (const l of lines) {
      if (FENCE_ANY.test(l)) {
        if (!inFence && inExample && FENCE_OPEN.test(l)) count++;
        inFence = !inFence;
        continue;
      }
      if (!inFence && /^\s*@\w+/.test(l)) inExample = /^\s*@example\b/.test(l);
    }
    return count;
  };

  const visit = (symbolIn: ts.Symbol, name: string, top: boolean): void => {
    const sym = symbolIn.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(symbolIn) : symbolIn;
    if (seenSymbols.has(sym)) return;
    seenSymbols.add(sym);
    const decls = (sym.declarations ?? []).filter(isOurs);
    if (decls.length === 0) return; // re-exported from a dependency (fast-check's fc)
    const docs = decls.flatMap(jsDocsOf);
    const tags = tagNames(docs);
    if (tags.includes("internal")) return;
    const first = decls[0]!;
    // Private and protected members are not public API (typedoc excludes private ones too).
    if ((ts.getCombinedModifierFlags(first) & (ts.ModifierFlags.Private | ts.ModifierFlags.Protected)) !== 0) return;
    if (ts.isSourceFile(first)) {
      // `export * as init`: a namespace; its exports are top-level symbols of their own.
      for (const e of checker.getExportsOfModule(sym)) visit(e, `${name}.${e.name}`, true);
      return;
    }
    for (const d of docs) collect(d, name);
    if (top) {
      const sf = first.getSourceFile();
      symbols.push({
        symbol: name,
        where: `${rel(sf.fileName)}:${sf.getLineAndCharacterOfPosition(first.getStart(sf)).line + 1}`,
        kind: kindName(first),
        summary: docs
          .map((d) => (typeof d.comment === "string" ? d.comment : ts.getTextOfJSDocComment(d.comment) ?? ""))
          .join("\n")
          .trim(),
        tags,
        category: docs
          .flatMap((d) => d.tags ?? [])
          .filter((t) => t.tagName.text === "category")
          .map((t) => (typeof t.comment === "string" ? t.comment : ts.getTextOfJSDocComment(t.comment) ?? "").trim())[0],
        paramTags: docs.flatMap((d) => (d.tags ?? []).flatMap((t) => (ts.isJSDocParameterTag(t) ? [t.name.getText()] : []))),
        signatures: decls.flatMap((d) => signaturesOf(checker, d)),
        examples: docs.reduce((n, d) => n + exampleBlocks(d), 0),
      });
    }
    if (sym.flags & (ts.SymbolFlags.Class | ts.SymbolFlags.Interface)) {
      for (const [key, member] of sym.members ?? new Map<ts.__String, ts.Symbol>()) {
        if (!String(key).startsWith("__") || key === "__constructor") visit(member, `${name}#${String(key)}`, false);
      }
      for (const [key, member] of sym.exports ?? new Map<ts.__String, ts.Symbol>()) {
        if (key !== "prototype") visit(member, `${name}.${String(key)}`, false);
      }
    }
  };

  for (const { pkg, file } of entries) {
    const sf = program.getSourceFile(file);
    if (sf === undefined) throw new Error(`entry point ${rel(file)} is not in the program`);
    // The module comment (@packageDocumentation, or @module with a name) is shown on the package's page.
    const first = sf.statements[0] as (ts.Statement & { jsDoc?: ts.JSDoc[] }) | undefined;
    const moduleDoc = first?.jsDoc ?? [];
    for (const d of moduleDoc) if (tagNames([d]).some((t) => t === "packageDocumentation" || t === "module")) collect(d, `${pkg}:(module)`);
    const moduleSymbol = checker.getSymbolAtLocation(sf);
    if (moduleSymbol === undefined) continue;
    for (const e of checker.getExportsOfModule(moduleSymbol)) visit(e, `${pkg}:${e.name}`, true);
  }
  return { host, options, symbols, examples };
}
