import Handlebars from 'handlebars';
import { parseOnce, type PreparedSource } from './shared-templates.ts';

type Ast = hbs.AST.Program;
type Statement = hbs.AST.Statement;

/** Helpers whose output depends only on their literal argument and the page's locale. */
const CONSTANT_HELPERS = ['t', 'icon'];

/** A `{{t "key"}}` or `{{icon "name"}}` of a template, in the order replaceIn meets them. */
interface Site {
  name: string;
  value: string;
  escaped: boolean;
  loc: hbs.AST.SourceLocation;
}

const sitesBySource = new Map<string, Site[]>();

/**
 * A template for one locale with every `{{t "key"}}` and `{{icon "name"}}` (a string literal,
 * no hash) replaced by its text, worked out once by the helper itself. A page called a few dozen
 * of them on every render for the same strings: the translations of a tenant and locale do not
 * change while the portal runs (development rebuilds the templates on each render). Its key is
 * the source and those texts, so environments that work in the same texts share its compilation.
 */
export function withConstantHelpers(source: string, hbs: typeof Handlebars, locale: string): PreparedSource {
  const data = { root: { locale } };
  const texts = sitesOf(hbs, source).map(({ name, value, escaped, loc }) => {
    const helper = hbs.helpers[name] as (value: string, options: unknown) => unknown;
    const out = helper(value, { name, hash: {}, data, loc });
    // What Handlebars itself does with a helper's answer: `{{ }}` escapes it unless it is a SafeString.
    return out == null ? '' : escaped ? hbs.Utils.escapeExpression(out as string) : String(out);
  });
  return {
    key: JSON.stringify(['constants', source, texts]),
    input: () => {
      const ast = parseOnce(hbs, source);
      let next = 0;
      replaceIn(ast, (statement) => {
        if (!siteOf(statement)) return undefined;
        const text = texts[next++];
        return { type: 'ContentStatement', value: text, original: text, loc: statement.loc } as unknown as hbs.AST.ContentStatement;
      });
      return ast;
    },
  };
}

function sitesOf(hbs: typeof Handlebars, source: string): Site[] {
  let sites = sitesBySource.get(source);
  if (!sites) {
    const found: Site[] = [];
    replaceIn(parseOnce(hbs, source), (statement) => {
      const site = siteOf(statement);
      if (site) found.push(site);
      return undefined;
    });
    sitesBySource.set(source, (sites = found));
  }
  return sites;
}

function siteOf(statement: Statement): Site | undefined {
  if (statement.type !== 'MustacheStatement') return undefined;
  const mustache = statement as hbs.AST.MustacheStatement;
  const name = mustache.path.type === 'PathExpression' ? (mustache.path as hbs.AST.PathExpression).original : undefined;
  const [arg, ...more] = mustache.params;
  if (!name || !CONSTANT_HELPERS.includes(name) || arg?.type !== 'StringLiteral' || more.length || mustache.hash?.pairs.length) return undefined;
  return { name, value: (arg as hbs.AST.StringLiteral).value, escaped: mustache.escaped, loc: mustache.loc };
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
