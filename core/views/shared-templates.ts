import type Handlebars from 'handlebars';

type Hbs = typeof Handlebars;
type Program = hbs.AST.Program;
type Template = Handlebars.TemplateDelegate;

/**
 * A template's source as one environment compiles it: `key` names everything its compilation
 * depends on (the source and whatever was worked into it); `input` gives the source, or a tree
 * of its own to compile or change (Handlebars changes the trees it compiles).
 */
export interface PreparedSource {
  key: string;
  input(): string | Program;
}

const parsed = new Map<string, Program>();

/** `source` parsed once per process; each caller gets a copy, free to change (it compiles to the same as a fresh parse). */
export function parseOnce(hbs: Hbs, source: string): Program {
  let ast = parsed.get(source);
  if (!ast) parsed.set(source, (ast = hbs.parse(source)));
  return structuredClone(ast);
}

/** A source compiled as it is (no strings worked in). */
export function asIs(source: string): PreparedSource {
  return { key: JSON.stringify(['as-is', source]), input: () => source };
}

const combinable = new Map<string, boolean>();

/**
 * Two prepared sources made into one tree by `make` (a page inside its layout), which may find
 * they cannot be: undefined then. Whether they can is known by their keys after the first time.
 */
export function combined(what: string, parts: PreparedSource[], make: () => Program | undefined): PreparedSource | undefined {
  const key = JSON.stringify([what, ...parts.map((p) => p.key)]);
  const known = combinable.get(key);
  if (known === false) return undefined;
  let first = known ? undefined : make();
  if (known === undefined) {
    combinable.set(key, first !== undefined);
    if (!first) return undefined;
  }
  return {
    key,
    input: () => {
      const ast = first ?? make();
      first = undefined;
      if (!ast) throw new Error('a combination that could be made once no longer can');
      return ast;
    },
  };
}

const specs = new Map<string, TemplateSpecification>();

/**
 * `Handlebars.compile`, lazy as it is, but the compiled form (the template spec, what
 * `precompile` writes: no environment's helpers or partials in it) is made once per process for
 * the same key and options; each environment only wraps it. Every portal a process starts
 * (tests start hundreds), and each locale of each, compiled every page it rendered again.
 */
export function compileShared(hbs: Hbs, source: PreparedSource, options: CompileOptions): Template {
  const key = JSON.stringify([options, source.key]);
  let compiled: Template & { _setup?: unknown; _child?: unknown } | undefined;
  const template = () => (compiled ??= hbs.template(specs.get(key) ?? compileSpec(hbs, source, options, key)));
  function ret(this: unknown, context: unknown, execOptions?: RuntimeOptions) {
    return template().call(this, context, execOptions);
  }
  // What Handlebars' own lazy template offers its runtime (partials, nested programs).
  Object.assign(ret, {
    _setup: (setupOptions: unknown) => (template() as unknown as { _setup(o: unknown): unknown })._setup(setupOptions),
    _child: (...args: unknown[]) => (template() as unknown as { _child(...a: unknown[]): unknown })._child(...args),
  });
  return ret as Template;
}

/** As `Handlebars.compile` does on first use, its options completed the same way. */
function compileSpec(hbs: Hbs, source: PreparedSource, options: CompileOptions, key: string): TemplateSpecification {
  const opts: CompileOptions & { useDepths?: boolean } = { ...options };
  if (!('data' in opts)) opts.data = true;
  if (opts.compat) opts.useDepths = true;
  const internals = hbs as unknown as {
    Compiler: new () => { compile(ast: Program, o: object): unknown };
    JavaScriptCompiler: new () => { compile(env: unknown, o: object, context: undefined, asObject: true): TemplateSpecification };
  };
  // A tree goes in as it is, as Handlebars' own parse would hand it back.
  const input = source.input();
  const environment = new internals.Compiler().compile(typeof input === 'string' ? hbs.parse(input, opts) : input, opts);
  const spec = new internals.JavaScriptCompiler().compile(environment, opts, undefined, true);
  specs.set(key, spec);
  return spec;
}
