/**
 * Text made the first time a template prints it and the same every time after: Handlebars turns
 * a value that is not a string into text with its `toString`. A page's CSRF token is one, so a
 * page without a form pays for none.
 *
 * Not a getter on the page's data: with a getter (a per-request closure) in the object literal,
 * every request's objects (headers, rows, the rendered page) outlived the young-generation
 * collections that should have freed them; as far as we can tell V8 keeps an accessor in the
 * object's hidden class, so each page's data got one of its own, in the old generation. Under
 * load each scavenge copied megabytes instead of kilobytes (measured with --trace-gc-nvp), and
 * the statement page served 0.81 of the baseline's requests instead of 0.90.
 */
export class LazyText {
  #make: (() => string) | null;
  #text = '';

  constructor(make: () => string) {
    this.#make = make;
  }

  toString(): string {
    if (this.#make) {
      this.#text = this.#make();
      this.#make = null;
    }
    return this.#text;
  }
}
