import type { Branding } from './tenant.ts';

/** WCAG 2.x relative luminance of a `#rrggbb` colour. */
function luminance(hex: string): number {
  const [r, g, b] = [1, 3, 5].map((i) => {
    const c = parseInt(hex.slice(i, i + 2), 16) / 255;
    return c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  });
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

/** Contrast ratio between two colours, 1 to 21. */
export function contrastRatio(a: string, b: string): number {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return (hi + 0.05) / (lo + 0.05);
}

/** WCAG AA for body-size text: every pair below is read as text somewhere in the theme. */
export const MIN_TEXT_CONTRAST = 4.5;

type ColourName = keyof Branding['colors'];
const TEXT_PAIRS: [foreground: ColourName, background: ColourName][] = [
  ['primaryText', 'primary'],
  ['text', 'background'],
  ['text', 'surface'],
];

export interface ContrastProblem {
  foreground: ColourName;
  background: ColourName;
  ratio: number;
}

/** The text/background pairs of a brand's colours that customers would struggle to read. */
export function contrastProblems(colors: Branding['colors']): ContrastProblem[] {
  return TEXT_PAIRS.map(([foreground, background]) => ({ foreground, background, ratio: contrastRatio(colors[foreground], colors[background]) })).filter(
    (p) => p.ratio < MIN_TEXT_CONTRAST,
  );
}
