import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export interface GeneratedTenant {
  id: string;
  host: string;
  primary: string;
}

/**
 * Writes `count` tenant files the way a real install would have them: own hostnames, own colours,
 * the faq plugin with a few questions, every other tenant in English. Deterministic, so two runs
 * boot the same install.
 */
export function writeTenants(dir: string, count: number): GeneratedTenant[] {
  mkdirSync(dir, { recursive: true });
  const out: GeneratedTenant[] = [];
  for (let i = 1; i <= count; i++) {
    const id = `t${String(i).padStart(4, '0')}`;
    const host = `portal.${id}.bench.test`;
    const primary = colour(i);
    const yaml = [
      `id: ${id}`,
      `name: Proveedor ${i}`,
      `hostnames: [${host}, www.${id}.bench.test]`,
      `locale: ${i % 2 ? 'es-AR' : 'en'}`,
      'branding:',
      `  colors: { primary: '${primary}', accent: '${colour(i * 7 + 3)}' }`,
      'contact:',
      `  phone: '0800-${String(100 + (i % 900)).padStart(3, '0')}-${String(i).padStart(4, '0')}'`,
      `  email: ayuda@${id}.bench.test`,
      "  hours: [{ days: Lunes a viernes, from: '09:00', to: '18:00' }]",
      'plugins:',
      '  faq:',
      '    entries:',
      '      - question: ¿Cómo pago mi factura?',
      '        answer: Con tarjeta, transferencia o en cualquier Rapipago.',
      '      - question: ¿Dónde veo mi número de cuenta?',
      '        answer: Arriba a la derecha de la factura.',
      '      - question: ¿Cómo cambio mi plan?',
      `        answer: Llamando al 0800 o desde esta página (proveedor ${i}).`,
      '',
    ].join('\n');
    writeFileSync(join(dir, `${id}.yaml`), yaml);
    out.push({ id, host, primary });
  }
  return out;
}

/** Spread hues by the golden angle so neighbouring tenants do not share a colour. */
function colour(n: number): string {
  const hue = (n * 137.508) % 360;
  const [r, g, b] = hslToRgb(hue, 0.65, 0.4);
  return `#${[r, g, b].map((v) => v.toString(16).padStart(2, '0')).join('')}`;
}

function hslToRgb(h: number, s: number, l: number): [number, number, number] {
  const a = s * Math.min(l, 1 - l);
  const f = (k: number) => {
    const x = (k + h / 30) % 12;
    return Math.round(255 * (l - a * Math.max(-1, Math.min(x - 3, 9 - x, 1))));
  };
  return [f(0), f(8), f(4)];
}
