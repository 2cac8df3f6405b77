import { readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { describe, expect, it } from "vitest";

/**
 * The house rules of docs/architecture.md, read from the code's own imports: arrows point down
 * (workers → app → routes → services → messaging → domain / db / providers), and a file that
 * breaks a rule fails here, with the import named. Type-only imports count like the others,
 * except where a rule says so: a type is still knowledge of the room it comes from.
 */

const ROOT = resolve(__dirname, "../..");

type Import = { from: string; to: string; typeOnly: boolean; line: number };

function sourceFiles(dir: string): string[] {
  return readdirSync(join(ROOT, dir)).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(join(ROOT, path)).isDirectory()) return sourceFiles(path);
    return /\.(ts|tsx)$/.test(name) ? [path] : [];
  });
}

function resolveImport(from: string, spec: string): string | null {
  const base = resolve(ROOT, dirname(from), spec);
  for (const ext of ["", ".ts", ".tsx", "/index.ts", "/index.tsx"]) {
    try {
      if (statSync(base + ext).isFile()) return relative(ROOT, base + ext);
    } catch {}
  }
  return null;
}

const IMPORT = /^\s*(import|export)\s+(type\s+)?(?:[^"';]*?\s+from\s+)?["']([^"']+)["']/gm;
const DYNAMIC = /import\(\s*["']([^"']+)["']\s*\)/g;

function importsOf(file: string): Import[] {
  const text = readFileSync(join(ROOT, file), "utf8");
  const found: Import[] = [];
  const lineOf = (index: number) => text.slice(0, index).split("\n").length;
  for (const m of text.matchAll(IMPORT)) {
    const spec = m[3]!;
    const to = spec.startsWith(".") ? resolveImport(file, spec) : spec;
    if (to) found.push({ from: file, to, typeOnly: Boolean(m[2]), line: lineOf(m.index!) });
  }
  for (const m of text.matchAll(DYNAMIC)) {
    const spec = m[1]!;
    const to = spec.startsWith(".") ? resolveImport(file, spec) : spec;
    if (to) found.push({ from: file, to, typeOnly: false, line: lineOf(m.index!) });
  }
  return found;
}

const FILES = [...sourceFiles("src"), ...sourceFiles("db"), ...sourceFiles("workers")];
const IMPORTS = FILES.flatMap(importsOf);

const under = (path: string, ...rooms: string[]) => rooms.some((r) => path === r || path.startsWith(`${r}/`));
const show = (i: Import) => `${i.from}:${i.line} imports ${i.to}`;

/** Every import of a file under `rooms` that `allowed` refuses. */
function breaking(rooms: string[], allowed: (i: Import) => boolean): string[] {
  return IMPORTS.filter((i) => under(i.from, ...rooms) && !allowed(i)).map(show);
}

describe("the house: arrows point down", () => {
  it("reads the imports it judges (a sanity check that the reader works)", () => {
    expect(FILES.length).toBeGreaterThan(200);
    const routeImports = IMPORTS.filter((i) => under(i.from, "src/routes"));
    expect(routeImports.some((i) => under(i.to, "src/services"))).toBe(true);
    expect(IMPORTS.some((i) => i.typeOnly)).toBe(true);
  });

  it("domain imports only the domain (and pure libraries): no I/O, no database, no HTTP", () => {
    const pure = new Set(["libphonenumber-js/max", "sms-segments-calculator"]);
    expect(breaking(["src/domain"], (i) => under(i.to, "src/domain") || pure.has(i.to))).toEqual([]);
  });

  it("routes never touch the database or the outbound pipeline: they call services", () => {
    expect(
      breaking(
        ["src/routes"],
        (i) =>
          !under(i.to, "db", "src/messaging", "src/providers") &&
          !i.to.startsWith("drizzle-orm") &&
          !i.to.startsWith("@libsql"),
      ),
    ).toEqual([]);
  });

  it("services know no HTTP: nothing from routes, views, the app, workers or hono", () => {
    expect(
      breaking(
        ["src/services"],
        (i) => !under(i.to, "src/routes", "src/views", "src/app.tsx", "workers") && !i.to.startsWith("hono"),
      ),
    ).toEqual([]);
  });

  it("a service room is entered through its index.ts: code outside it imports the room, not its files", () => {
    const roomOf = (path: string) => /^src\/services\/([^/]+)\//.exec(path)?.[1];
    const reachingIn = IMPORTS.filter((i) => {
      const room = roomOf(i.to);
      // The Deps type (src/context.ts) names the type of each member, the inbound pipeline's too.
      if (i.from === "src/context.ts" && i.typeOnly) return false;
      return room !== undefined && roomOf(i.from) !== room && i.to !== `src/services/${room}/index.ts`;
    }).map(show);
    expect(reachingIn).toEqual([]);
  });

  it("the outbound pipeline (messaging/) sits below services and never reaches up", () => {
    expect(
      breaking(
        ["src/messaging"],
        (i) => !under(i.to, "src/services", "src/routes", "src/views", "src/app.tsx", "src/deps.ts", "workers"),
      ),
    ).toEqual([]);
  });

  it("providers know only their own contracts: no services, pipeline, routes or database", () => {
    expect(
      breaking(
        ["src/providers"],
        (i) => !under(i.to, "src/services", "src/messaging", "src/routes", "src/views", "db"),
      ),
    ).toEqual([]);
  });

  it("views render what they are given: no database, no service call (types of service results are fine)", () => {
    expect(
      breaking(
        ["src/views"],
        (i) => !under(i.to, "db", "src/routes", "src/providers") && (i.typeOnly || !under(i.to, "src/services")),
      ),
    ).toEqual([]);
  });

  it("db/ (schema, migrations, seed) never imports the layers above it", () => {
    // The seed writes demo data through the schema; it may use the domain's vocabulary and pure helpers.
    expect(
      breaking(
        ["db/schema", "db/client.ts", "db/raw-batch.ts", "db/busy.ts", "db/native-batches.ts"],
        (i) => !under(i.to, "src/services", "src/messaging", "src/routes", "src/views", "src/app.tsx", "src/deps.ts"),
      ),
    ).toEqual([]);
  });

  it("only the entry points build Deps (the composition root)", () => {
    const entry = (f: string) => under(f, "workers", "src/deps-node.ts", "src/app.tsx");
    expect(IMPORTS.filter((i) => i.to === "src/deps.ts" && !i.typeOnly && !entry(i.from)).map(show)).toEqual([]);
    expect(IMPORTS.filter((i) => i.to === "src/deps-node.ts" && !entry(i.from)).map(show)).toEqual([]);
  });

  it("no file takes part in an import cycle (type-only imports vanish at build time and are not counted)", () => {
    const graph = new Map<string, Set<string>>();
    for (const i of IMPORTS) {
      if (!FILES.includes(i.to) || i.typeOnly) continue;
      graph.set(i.from, (graph.get(i.from) ?? new Set()).add(i.to));
    }
    const cycles: string[] = [];
    const state = new Map<string, "open" | "done">();
    const path: string[] = [];
    const visit = (file: string) => {
      state.set(file, "open");
      path.push(file);
      for (const next of graph.get(file) ?? []) {
        if (state.get(next) === "open") cycles.push([...path.slice(path.indexOf(next)), next].join(" → "));
        else if (!state.has(next)) visit(next);
      }
      path.pop();
      state.set(file, "done");
    };
    for (const file of FILES) if (!state.has(file)) visit(file);
    expect(cycles).toEqual([]);
  });
});
