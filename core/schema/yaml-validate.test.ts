import { Ajv } from 'ajv';
import { describe, expect, it } from 'vitest';
import { YamlValidationError, formatLocatedErrors, locateAjvErrors, parseYaml } from './yaml-validate.ts';

const ajv = new Ajv({ allErrors: true, verbose: true });

const validate = ajv.compile({
  type: 'object',
  additionalProperties: false,
  required: ['name'],
  properties: {
    name: { type: 'string' },
    port: { type: 'integer' },
    mode: { enum: ['fast', 'slow'] },
    hostnames: { type: 'array', items: { type: 'string', pattern: '^[a-z.]+$' } },
    owner: {
      type: 'object',
      additionalProperties: false,
      required: ['email'],
      properties: { email: { type: 'string' }, phone: { type: 'string' } },
    },
    retry: {
      anyOf: [
        { type: 'integer', minimum: 0 },
        { type: 'object', additionalProperties: false, properties: { times: { type: 'integer' } } },
      ],
    },
    mail: {
      type: 'object',
      properties: { transport: { enum: ['files', 'smtp'] }, smtp: { type: 'object' } },
      if: { properties: { transport: { const: 'smtp' } }, required: ['transport'] },
      then: { required: ['smtp'] },
    },
    tenants: { type: 'object', additionalProperties: { type: 'object', properties: { theme: { type: 'string' } } } },
    plugins: { type: 'object' },
  },
});

function check(text: string) {
  const parsed = parseYaml('site.yaml', text);
  expect(validate(parsed.data)).toBe(false);
  return locateAjvErrors(parsed, validate.errors ?? []);
}

function lines(text: string) {
  return formatLocatedErrors(check(text)).split('\n');
}

describe('locateAjvErrors', () => {
  it('reports a wrong type at the value with the actual type', () => {
    expect(lines('name: shop\n# the port\nport: eighty\n')).toEqual(['site.yaml:3:7 port: must be integer (got string)']);
  });

  it('points an unknown field at its key and lists the allowed names', () => {
    expect(lines('name: shop\nprot: 80\n')).toEqual([
      'site.yaml:2:1 prot: unknown field; allowed: name, port, mode, hostnames, owner, retry, mail, tenants, plugins',
    ]);
  });

  it('names the allowed values of an enum', () => {
    expect(lines('name: shop\n\nmode: medium\n')).toEqual(['site.yaml:3:7 mode: must be one of: fast, slow']);
  });

  it('reports a missing property at its parent object under the full field name', () => {
    expect(lines('name: shop\nowner:\n  phone: "123"\n')).toEqual(['site.yaml:2:1 owner.email: is required']);
  });

  it('reports a missing top-level property at the start of the document', () => {
    expect(lines('# comment\nport: 80\n')).toEqual(['site.yaml:2:1 name: is required']);
    expect(lines('')).toEqual(['site.yaml:1:1 (root): must be object (got null)']);
  });

  it('uses array indexes in field names and points at the item', () => {
    expect(lines('name: shop\nhostnames:\n  - shop.example\n  - Bad_Host\n')).toEqual([
      'site.yaml:4:5 hostnames[1]: must match pattern "^[a-z.]+$"',
    ]);
  });

  it('quotes keys that are not plain identifiers', () => {
    expect(lines('name: shop\ntenants:\n  shop.example:\n    theme: 5\n')).toEqual([
      'site.yaml:4:12 tenants["shop.example"].theme: must be string (got number)',
    ]);
  });

  it('keeps only the meant branch of an anyOf', () => {
    expect(lines('name: shop\nretry: -1\n')).toEqual(['site.yaml:2:8 retry: must be >= 0']);
    expect(lines('name: shop\nretry:\n  times: many\n')).toEqual(['site.yaml:3:10 retry.times: must be integer (got string)']);
    expect(lines('name: shop\nretry: soon\n')).toEqual(['site.yaml:2:8 retry: must be integer or object (got string)']);
  });

  it('drops the if/then summary in favour of the failing keyword', () => {
    expect(lines('name: shop\nmail:\n  transport: smtp\n')).toEqual(['site.yaml:2:1 mail.smtp: is required']);
  });

  it('reports every error, sorted by position', () => {
    expect(lines('mode: medium\nport: x\nname: 5\n')).toEqual([
      'site.yaml:1:7 mode: must be one of: fast, slow',
      'site.yaml:2:7 port: must be integer (got string)',
      'site.yaml:3:7 name: must be string (got number)',
    ]);
  });

  it('locates errors of a sub-object validated on its own', () => {
    const parsed = parseYaml('site.yaml', 'name: shop\nplugins:\n  invoices:\n    periods: twelve\n    extra: 1\n');
    const validateSettings = ajv.compile({
      type: 'object',
      additionalProperties: false,
      properties: { periods: { type: 'integer' } },
    });
    const settings = (parsed.data as { plugins: { invoices: unknown } }).plugins.invoices;
    expect(validateSettings(settings)).toBe(false);
    const errors = locateAjvErrors(parsed, validateSettings.errors ?? [], ['plugins', 'invoices']);
    expect(formatLocatedErrors(errors).split('\n')).toEqual([
      'site.yaml:4:14 plugins.invoices.periods: must be integer (got string)',
      'site.yaml:5:5 plugins.invoices.extra: unknown field; allowed: periods',
    ]);
  });
});

describe('parseYaml', () => {
  it('throws syntax errors with their position', () => {
    let error: unknown;
    try {
      parseYaml('site.yaml', 'name: shop\nport: 80\n  bad: indent\n');
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(YamlValidationError);
    const { errors, message } = error as YamlValidationError;
    // yaml reads `80` plus the indented line as one value, so the error starts at `80`.
    expect(errors[0]).toEqual({
      file: 'site.yaml',
      line: 2,
      column: 7,
      field: '(syntax)',
      message: 'Nested mappings are not allowed in compact mappings',
    });
    expect(message.split('\n')[0]).toBe('site.yaml:2:7 (syntax): Nested mappings are not allowed in compact mappings');
    expect(() => parseYaml('site.yaml', 'a:\n\tb: 1\n')).toThrow(/^site\.yaml:2:1 \(syntax\): Tabs/);
  });

  it('rejects duplicate keys', () => {
    expect(() => parseYaml('site.yaml', 'name: a\nname: b\n')).toThrow(/^site\.yaml:2:1 \(syntax\): Map keys must be unique/);
  });

  it('falls back to the nearest existing ancestor for paths not in the file', () => {
    const parsed = parseYaml('site.yaml', 'a:\n  b: 1\n');
    expect(parsed.locate(['a', 'missing', 'deeper'])).toEqual({ line: 1, column: 1 });
    expect(parsed.locate(['a', 'b'])).toEqual({ line: 2, column: 6 });
    expect(parsed.locate(['a', 'b'], 'key')).toEqual({ line: 2, column: 3 });
  });
});
