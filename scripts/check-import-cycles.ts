// `npm run lint` (after ESLint): fails when the server code has an import cycle, counting type-only
// imports too. ESLint's import-x/no-cycle skips those by design, but a cycle of types still ties two
// modules into one unit that can only be understood, moved and tested together.
import path from "node:path";
import ts from "typescript";

const ROOTS = ["app", "server", "workers", "scripts", "bin"].map((dir) => path.resolve(dir));
const IGNORED = [path.resolve("app/.server/db/generated"), path.resolve("node_modules")];

const configFile = ts.findConfigFile(process.cwd(), ts.sys.fileExists, "tsconfig.json")!;
const parsed = ts.parseJsonConfigFileContent(ts.readConfigFile(configFile, ts.sys.readFile).config, ts.sys, process.cwd());
const inScope = (file: string) => ROOTS.some((root) => file.startsWith(root + path.sep)) && !IGNORED.some((dir) => file.startsWith(dir)) && !/\.test\.tsx?$/.test(file);
const files = parsed.fileNames.map((f) => path.resolve(f)).filter(inScope);

/** Every module a file imports or re-exports, statically or with `import()`, resolved to a file in scope. */
function importsOf(file: string): string[] {
  const source = ts.createSourceFile(file, ts.sys.readFile(file) ?? "", ts.ScriptTarget.Latest, true);
  const specifiers: string[] = [];
  const visit = (node: ts.Node) => {
    if ((ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) && node.moduleSpecifier && ts.isStringLiteral(node.moduleSpecifier)) specifiers.push(node.moduleSpecifier.text);
    if (ts.isCallExpression(node) && node.expression.kind === ts.SyntaxKind.ImportKeyword && node.arguments[0] && ts.isStringLiteral(node.arguments[0])) specifiers.push(node.arguments[0].text);
    ts.forEachChild(node, visit);
  };
  visit(source);
  return specifiers
    .map((specifier) => ts.resolveModuleName(specifier, file, parsed.options, ts.sys).resolvedModule?.resolvedFileName)
    .filter((resolved): resolved is string => Boolean(resolved))
    .map((resolved) => path.resolve(resolved))
    .filter(inScope);
}

// Tarjan's strongly connected components: any component of more than one module is a cycle.
const graph = new Map(files.map((file) => [file, importsOf(file)]));
const index = new Map<string, number>();
const low = new Map<string, number>();
const stack: string[] = [];
const onStack = new Set<string>();
const cycles: string[][] = [];
let counter = 0;
function connect(file: string) {
  index.set(file, counter);
  low.set(file, counter++);
  stack.push(file);
  onStack.add(file);
  for (const next of graph.get(file) ?? []) {
    if (!index.has(next)) {
      connect(next);
      low.set(file, Math.min(low.get(file)!, low.get(next)!));
    } else if (onStack.has(next)) low.set(file, Math.min(low.get(file)!, index.get(next)!));
  }
  if (low.get(file) === index.get(file)) {
    const component: string[] = [];
    let member: string;
    do {
      member = stack.pop()!;
      onStack.delete(member);
      component.push(member);
    } while (member !== file);
    if (component.length > 1 || (graph.get(file) ?? []).includes(file)) cycles.push(component);
  }
}
for (const file of files) if (!index.has(file)) connect(file);

if (cycles.length) {
  console.error(`Import cycles (type-only imports included): ${cycles.length}`);
  for (const cycle of cycles) console.error(`  ${cycle.map((f) => path.relative(process.cwd(), f)).sort().join(" <-> ")}`);
  process.exit(1);
}
console.log(`No import cycle among ${files.length} modules (type-only imports included).`);
