/** Page HTML with the entities Handlebars puts in attributes (`=` in query strings, `&`) turned back. */
export function unescapeHtml(html: string): string {
  return html.replace(/&#x3D;/g, '=').replace(/&#x27;/g, "'").replace(/&quot;/g, '"').replace(/&amp;/g, '&');
}
