import type { Ajv, AnySchema, ValidateFunction } from 'ajv';
import { contentKey } from './content-key.ts';

/**
 * One ajv, set up by `make`, for every user of the same setup in the process, and each schema
 * compiled once by its content: every portal a process starts (tests start hundreds) and every
 * validator built again compiles only what it has not seen. A compiled function is shared too,
 * which is safe because validating is synchronous: its `errors` are read before the next call.
 *
 * What the shared instance cannot compile (an `$id` it already holds with other content) compiles
 * on an instance of its own, as when each user had one; so does a schema that is not plain data,
 * whose content no key can stand for.
 */
export class SharedAjv {
  readonly #make: () => Ajv;
  #ajv: Ajv | undefined;
  readonly #compiled = new Map<string, ValidateFunction>();

  constructor(make: () => Ajv) {
    this.#make = make;
  }

  compile(schema: AnySchema): ValidateFunction {
    const key = contentKey(schema);
    if (key === undefined) return this.#make().compile(schema);
    let validate = this.#compiled.get(key);
    if (!validate) {
      validate = this.#compileShared(schema);
      this.#compiled.set(key, validate);
    }
    return validate;
  }

  #compileShared(schema: AnySchema): ValidateFunction {
    this.#ajv ??= this.#make();
    try {
      return this.#ajv.compile(schema);
    } catch {
      // What failed stays registered under its `$id`; left there, it would break the next user's
      // `$ref` to it. A schema wrong in itself fails again on its own instance, with its own error.
      if (typeof schema === 'object') this.#ajv.removeSchema(schema);
      return this.#make().compile(schema);
    }
  }
}
