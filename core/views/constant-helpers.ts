import Handlebars from 'handlebars';

type Ast = hbs.AST.Program;
type Statement = hbs.AST.Statement;

/** Helpers whose output depends only on their literal argument and the page's locale. */
const CONSTANT_HELPERS = ['t', 'icon'];

/**
 * Parses a template for one locale with every `{{t "key"}}` and `{{icon "name"}}` (a string
 * literal, no hash) replaced by its text, worked out once by the helper itself. A page called
 * a few dozen of them on every render for the same strings: the translations of a tenant and
 * locale do not change while the portal runs (development rebuilds the templates on each render).
 */
export function withConstantHelpers(source: string, hbs: typeof Handlebars, locale: string): Ast {
  const ast = hbs.parse(source);
  const data = { root: { locale } };
  replaceIn(ast, (statement) => {
    if (statement.type !== 'MustacheStatement') return undefined;
    const mustache = statement as hbs.AST.MustacheStatement;
    const name = mustache.path.type === 'PathExpression' ? (mustache.path as hbs.AST.PathExpression).original : undefined;
    const [arg, ...more] = mustache.params;
    if (!name || !CONSTANT_HELPERS.includes(name) || arg?.type !== 'StringLiteral' || more.length || mustache.hash?.pairs.length) return undefined;
    const helper = hbs.helpers[name] as (value: string, options: unknown) => unknown;
    const out = helper((arg as hbs.AST.StringLiteral).value, { name, hash: {}, data, loc: mustache.loc });
    // What Handlebars itself does with a helper's answer: `{{ }}` escapes it unless it is a SafeString.
    const text = out == null ? '' : mustache.escaped ? hbs.Utils.escapeExpression(out as string) : String(out);
    return { type: 'ContentStatement', value: text, original: text, loc: mustache.loc } as unknown as hbs.AST.ContentStatement;
  });
  return ast;
}

function replaceIn(program: Ast | undefined, replace: (s: Statement) => Statement | undefined): void {
  if (!program) return;
  program.body = program.body.map((statement) => {
    const block = statement as Partial<hbs.AST.BlockStatement>;
    replaceIn(block.program, replace);
    replaceIn(block.inverse, replace);
    return replace(statement) ?? statement;
  });
}
