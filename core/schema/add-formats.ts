import type { Ajv } from 'ajv';
import addFormatsModule from 'ajv-formats';

// ajv-formats is CommonJS: under Node ESM its default import is module.exports, whose `default` is the plugin.
const plugin = (addFormatsModule as unknown as { default?: unknown }).default ?? addFormatsModule;

/** ajv-formats' plugin, the same under Node ESM and the type checker; `formats` limits it to those named. */
export const addFormats = plugin as (ajv: Ajv, formats?: string[]) => Ajv;
