import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { readdirSync, readFileSync } from 'node:fs';
import { REPO_ROOT } from '../../core/config/load-config.ts';
import { readLocaleFile } from '../../core/i18n/i18n.ts';
import { listTemplates } from '../../core/views/view-engine.ts';

const folders = [
  join(REPO_ROOT, 'core/locales'),
  ...readdirSync(join(REPO_ROOT, 'plugins')).map((p) => join(REPO_ROOT, 'plugins', p, 'locales')),
];

describe('every customer-facing string exists in es-AR and en', () => {
  for (const dir of folders) {
    it(dir.replace(REPO_ROOT, ''), () => {
      const es = Object.keys(readLocaleFile(dir, 'es-AR')).sort();
      const en = Object.keys(readLocaleFile(dir, 'en')).sort();
      expect(es.length).toBeGreaterThan(0);
      expect(en).toEqual(es);
    });
  }

  it('every literal {{t "key"}} in core, theme and plugin templates has a translation', () => {
    const known = new Set<string>();
    for (const dir of folders) {
      const plugin = dir.includes('/plugins/') ? dir.split('/plugins/')[1].split('/')[0] : '';
      for (const key of Object.keys(readLocaleFile(dir, 'es-AR'))) known.add(plugin ? `${plugin}.${key}` : key);
    }
    const templates = [
      ...listTemplates(join(REPO_ROOT, 'core/views')),
      ...listTemplates(join(REPO_ROOT, 'themes')),
      ...listTemplates(join(REPO_ROOT, 'plugins')),
    ];
    const missing: string[] = [];
    for (const file of templates) {
      for (const m of readFileSync(file, 'utf8').matchAll(/\{\{t "([^"]+)"/g)) {
        if (!known.has(m[1])) missing.push(`${file.replace(REPO_ROOT, '')}: ${m[1]}`);
      }
    }
    expect(missing).toEqual([]);
  });
});
