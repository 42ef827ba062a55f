/** Marks the boundary between two cells of a row until tags are gone. */
const CELL = '\u0000';

/**
 * Plain-text part of an email: links keep their address, blocks become lines, and the cells of a
 * table row ("Total" | "$ 24.500,00") are joined with ": ", not glued together.
 */
export function htmlToText(html: string): string {
  return html
    .replace(/\u0000/g, '')
    .replace(/<(script|style)[\s\S]*?<\/\1>/gi, '')
    .replace(/<\/t[dh]>\s*(?=<t[dh][\s>])/gi, CELL)
    .replace(/<a\s[^>]*href="([^"]+)"[^>]*>([\s\S]*?)<\/a>/gi, (_m, href: string, label: string) => {
      const text = label.replace(/<[^>]+>/g, '').trim();
      return text && text !== href ? `${text}: ${href}` : href;
    })
    .replace(/<br\s*\/?>/gi, '\n')
    // Rows and list items one per line; paragraphs and tables keep a blank line after them.
    .replace(/<\/(li|tr)>\s*/gi, '\n')
    .replace(/<\/(p|div|h[1-6]|table)>/gi, '\n')
    .replace(/<li[^>]*>/gi, '- ')
    .replace(/<[^>]+>/g, '')
    .replace(/[ \t]*:?[ \t]*\u0000[ \t]*/g, ': ')
    .replace(/&amp;/g, '&')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#x27;|&#39;/g, "'")
    .replace(/&#x3D;/g, '=')
    .replace(/[ \t]+\n/g, '\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}
