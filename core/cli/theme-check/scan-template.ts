import { readFileSync } from 'node:fs';
import Handlebars from 'handlebars';
import { displayPath } from '../display-path.ts';
import type { Problem } from '../problem.ts';

type Node = hbs.AST.Node;

export interface TemplateRefs {
  /** `{{> name}}` with a name fixed in the source; dynamic names `{{> (lookup …)}}` cannot be checked. */
  partials: { name: string; line: number }[];
  /** `{{#*inline "name"}}` partials the template defines for itself. */
  inline: Set<string>;
  /** `themeSettings.<key>` and `@root.themeSettings.<key>`. */
  themeSettings: { key: string; line: number }[];
  /** Keys given to the `t` helper as a literal: `{{t "faq.title"}}`, `(t "faq.nav")`. */
  strings: { key: string; line: number }[];
}

export class TemplateSyntaxError extends Error {
  readonly line: number;
  constructor(message: string, line: number) {
    super(message);
    this.line = line;
  }
}

/** What a template refers to that the theme chain has to provide; reads the Handlebars AST, not the text. */
export function scanTemplate(source: string): TemplateRefs {
  let program: hbs.AST.Program;
  try {
    program = Handlebars.parse(source);
  } catch (err) {
    const message = (err as Error).message;
    const line = Number(/line (\d+)/.exec(message)?.[1] ?? 1);
    // Parser errors are "Parse error on line N:", a code excerpt, then what it expected: keep that.
    const lines = message.split('\n');
    throw new TemplateSyntaxError(`syntax error: ${lines[lines.length - 1]}`, line);
  }
  const refs: TemplateRefs = { partials: [], inline: new Set(), themeSettings: [], strings: [] };
  new RefCollector(refs).accept(program);
  return refs;
}

class RefCollector extends Handlebars.Visitor {
  readonly #refs: TemplateRefs;

  constructor(refs: TemplateRefs) {
    super();
    this.#refs = refs;
  }

  override PartialStatement(partial: hbs.AST.PartialStatement): void {
    const name = staticName(partial.name as Node);
    if (name && !name.startsWith('@')) this.#refs.partials.push({ name, line: partial.loc.start.line });
    super.PartialStatement(partial);
  }

  // `{{#> name}}fallback{{/name}}` renders its fallback when the partial is missing: not an error.

  override DecoratorBlock(block: hbs.AST.DecoratorBlock): void {
    if (block.path.original === 'inline' && block.params[0]) {
      const name = staticName(block.params[0] as Node);
      if (name) this.#refs.inline.add(name);
    }
    super.DecoratorBlock(block);
  }

  override MustacheStatement(mustache: hbs.AST.MustacheStatement): void {
    this.#translation(mustache);
    super.MustacheStatement(mustache);
  }

  override SubExpression(sexpr: hbs.AST.SubExpression): void {
    this.#translation(sexpr);
    super.SubExpression(sexpr);
  }

  #translation(call: hbs.AST.MustacheStatement | hbs.AST.SubExpression): void {
    const [key] = call.params;
    if ((call.path as hbs.AST.PathExpression).original === 't' && key?.type === 'StringLiteral') {
      this.#refs.strings.push({ key: (key as hbs.AST.StringLiteral).value, line: key.loc.start.line });
    }
  }

  override PathExpression(path: hbs.AST.PathExpression): void {
    const parts = path.data && path.parts[0] === 'root' ? path.parts.slice(1) : path.data ? [] : path.parts;
    if (parts[0] === 'themeSettings' && parts.length > 1) {
      this.#refs.themeSettings.push({ key: parts[1], line: path.loc.start.line });
    }
    super.PathExpression(path);
  }
}

function staticName(node: Node): string | undefined {
  if (node.type === 'PathExpression') return (node as hbs.AST.PathExpression).original;
  if (node.type === 'StringLiteral' || node.type === 'NumberLiteral') return String((node as hbs.AST.StringLiteral).value);
  return undefined;
}

/** `scanTemplate` of a file; a syntax error comes back as the problem to report at its line. */
export function scanTemplateFile(path: string): TemplateRefs | Problem {
  try {
    return scanTemplate(readFileSync(path, 'utf8'));
  } catch (err) {
    if (!(err instanceof TemplateSyntaxError)) throw err;
    return { file: displayPath(path), line: err.line, message: err.message };
  }
}

/** The partials a template uses that neither `known` nor the template itself defines; `expected` says where one should be. */
export function unresolvedPartials(path: string, refs: TemplateRefs, known: Set<string>, expected: (name: string) => string): Problem[] {
  return refs.partials
    .filter(({ name }) => !known.has(name) && !refs.inline.has(name))
    .map(({ name, line }) => ({ file: displayPath(path), line, message: `partial "${name}" not found: ${expected(name)}` }));
}
