type Program = hbs.AST.Program;

/**
 * The layout with the page's statements where its `{{{body}}}` was: one template per page and
 * layout, rendered in one call. Two calls (the page, then the layout around it) cost Handlebars'
 * per-call setup twice, which wraps every helper anew each time: a tenth of an anonymous page's
 * JavaScript time. Only when the page would render exactly as it did inside the layout's
 * `body`: a single `{{{body}}}` at the layout's top level (not inside a block, which would change
 * the page's context) and no other mention of `body`. Otherwise undefined, and the caller
 * renders the two apart.
 */
export function pageInLayout(layout: Program, page: Program): Program | undefined {
  const at = layout.body.findIndex((s) => isBodySlot(s));
  if (at < 0 || countBodyPaths(layout) !== 1) return undefined;
  layout.body.splice(at, 1, ...page.body);
  return layout;
}

function isBodySlot(statement: hbs.AST.Statement): boolean {
  if (statement.type !== 'MustacheStatement') return false;
  const m = statement as hbs.AST.MustacheStatement;
  return !m.escaped && !m.params.length && !m.hash?.pairs.length && m.path.type === 'PathExpression' && (m.path as hbs.AST.PathExpression).original === 'body';
}

/** Every path with a `body` step anywhere in the tree (`@root.body` too), slot included. */
function countBodyPaths(node: unknown): number {
  if (!node || typeof node !== 'object') return 0;
  if (Array.isArray(node)) return node.reduce((n: number, child) => n + countBodyPaths(child), 0);
  const path = node as Partial<hbs.AST.PathExpression>;
  const own = path.type === 'PathExpression' && path.parts?.includes('body') ? 1 : 0;
  return Object.entries(node).reduce((n, [key, child]) => (key === 'loc' ? n : n + countBodyPaths(child)), own);
}
