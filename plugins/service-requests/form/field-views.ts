import type { JsonSchema } from 'portal/sdk';
import type { TypeLabels } from '../i18n.ts';
import { propertiesOf } from './read-values.ts';

export type Widget = 'text' | 'email' | 'tel' | 'date' | 'number' | 'textarea' | 'select' | 'checkbox';

export interface FieldView {
  name: string;
  label: string;
  hint: string | null;
  widget: Widget;
  required: boolean;
  value: string;
  checked: boolean;
  maxLength: number | null;
  options: { value: string; label: string; selected: boolean }[];
  error: string | null;
  autocomplete: string | null;
}

type Property = Record<string, any>;

/** The widget a property is drawn with; `x-widget` lets a type ask for a textarea or a phone field. */
export function widgetOf(prop: Property): Widget {
  if (prop.type === 'boolean') return 'checkbox';
  if (Array.isArray(prop.enum) || Array.isArray(prop.oneOf)) return 'select';
  if (prop.type === 'integer' || prop.type === 'number') return 'number';
  const hint: unknown = prop['x-widget'];
  if (hint === 'textarea' || hint === 'tel') return hint;
  if (prop.format === 'email') return 'email';
  if (prop.format === 'date') return 'date';
  return 'text';
}

/** Choices of a select: `enum` values labelled from the locales, or `oneOf` consts with their own titles (plans). */
export function optionsOf(name: string, prop: Property, labels: TypeLabels): { value: string; label: string }[] {
  if (Array.isArray(prop.oneOf)) {
    return prop.oneOf.map((o: Property) => ({ value: String(o.const), label: String(o.title ?? o.const) }));
  }
  return (prop.enum as unknown[]).map((v) => ({ value: String(v), label: labels.optional(`fields.${name}.options.${v}`) ?? String(v) }));
}

/** One view per schema property, with what was typed and the message for each problem. */
export function fieldViews(schema: JsonSchema, labels: TypeLabels, values: Record<string, unknown>, errors: Record<string, string>): FieldView[] {
  const required = new Set((schema.required as string[] | undefined) ?? []);
  return propertiesOf(schema).map(([name, prop]) => {
    const widget = widgetOf(prop);
    const value = values[name] === undefined || values[name] === null ? '' : String(values[name]);
    return {
      name,
      label: labels.required(`fields.${name}.label`),
      hint: labels.optional(`fields.${name}.hint`),
      widget,
      required: required.has(name),
      value,
      checked: values[name] === true,
      maxLength: typeof prop.maxLength === 'number' ? prop.maxLength : null,
      options: widget === 'select' ? optionsOf(name, prop, labels).map((o) => ({ ...o, selected: o.value === value })) : [],
      error: errors[name] ?? null,
      autocomplete: typeof prop['x-autocomplete'] === 'string' ? prop['x-autocomplete'] : null,
    };
  });
}

/** What a stored request says, field by field, for the customer's and the operator's pages. */
export function summaryRows(schema: JsonSchema, labels: TypeLabels, data: Record<string, unknown>, yesNo: (v: boolean) => string): { label: string; value: string; long: boolean }[] {
  const rows: { label: string; value: string; long: boolean }[] = [];
  for (const [name, prop] of propertiesOf(schema)) {
    const raw = data[name];
    if (raw === undefined || raw === null || raw === '') continue;
    const widget = widgetOf(prop);
    let value = String(raw);
    if (widget === 'checkbox') value = yesNo(raw === true);
    else if (widget === 'select') value = optionsOf(name, prop, labels).find((o) => o.value === value)?.label ?? value;
    rows.push({ label: labels.required(`fields.${name}.label`), value, long: widget === 'textarea' });
  }
  return rows;
}
