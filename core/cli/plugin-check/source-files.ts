import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';

/** A plugin's file as the checks read it: comments blanked, so what a comment mentions is never taken for code. */
export interface SourceFile {
  path: string;
  /** Relative to the plugin's folder, with `/`. */
  rel: string;
  code: string;
}

export interface Found {
  file: SourceFile;
  /** The first capture group. */
  value: string;
  line: number;
}

const SOURCE = /\.(ts|mts|js|mjs)$/;

/** Every file under `dir` whose name ends in one of `ext`, skipping node_modules, sorted. */
export function filesUnder(dir: string, ext: RegExp): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    for (const entry of readdirSync(d, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      if (entry.name === 'node_modules' || entry.name.startsWith('.')) continue;
      const path = join(d, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (ext.test(entry.name)) out.push(path);
    }
  };
  walk(dir);
  return out;
}

export function readSources(dir: string): SourceFile[] {
  return filesUnder(dir, SOURCE).map((path) => ({ path, rel: relative(dir, path).split(sep).join('/'), code: blankComments(readFileSync(path, 'utf8')) }));
}

/** Each match of `pattern` (global, one capture group) in the files, with its line. */
export function findAll(files: SourceFile[], pattern: RegExp): Found[] {
  return files.flatMap((file) => [...file.code.matchAll(pattern)].map((m) => ({ file, value: m[1], line: lineAt(file.code, m.index + m[0].indexOf(m[1])) })));
}

export function lineAt(text: string, offset: number): number {
  let line = 1;
  for (let i = 0; i < offset; i++) if (text.charCodeAt(i) === 10) line++;
  return line;
}

/**
 * Comments replaced by spaces (newlines kept, so lines stay where they were); strings and
 * template literals kept. A `/` starts a regular expression where an operand is expected, which
 * is all the care regex literals need for a quote inside one not to swallow the rest of the file.
 */
export function blankComments(text: string): string {
  let out = '';
  let i = 0;
  // The last significant character ('x' for an operand), and the word being read: after
  // `return` an operand is expected, as after an operator.
  let last = '';
  let word = '';
  const blank = (s: string) => s.replace(/[^\n]/g, ' ');
  while (i < text.length) {
    const c = text[i];
    const next = text[i + 1];
    if (c === '/' && next === '/') {
      const end = text.indexOf('\n', i);
      const stop = end === -1 ? text.length : end;
      out += blank(text.slice(i, stop));
      i = stop;
    } else if (c === '/' && next === '*') {
      const end = text.indexOf('*/', i + 2);
      const stop = end === -1 ? text.length : end + 2;
      out += blank(text.slice(i, stop));
      i = stop;
    } else if (c === '"' || c === "'" || c === '`' || (c === '/' && (last === '' || '(,=:[!&|?{};+-*%<>~^'.includes(last)))) {
      let j = i + 1;
      let inClass = false;
      while (j < text.length && (text[j] !== c || inClass)) {
        if (text[j] === '\\') j++;
        else if (c === '/' && text[j] === '[') inClass = true;
        else if (c === '/' && text[j] === ']') inClass = false;
        else if (c !== '`' && text[j] === '\n') break;
        j++;
      }
      out += text.slice(i, j + 1);
      i = j + 1;
      last = 'x';
      word = '';
    } else {
      out += c;
      i++;
      if (/\w/.test(c)) {
        word += c;
        last = word === 'return' ? '(' : 'x';
      } else {
        word = '';
        if (!/\s/.test(c)) last = c;
      }
    }
  }
  return out;
}
