/**
 * Text made the first time a template prints it and the same every time after: Handlebars turns
 * a value that is not a string into text with its `toString`. A page's CSRF token is one, so a
 * page without a form pays for none.
 *
 * Not a getter on the page's data: a getter defined in an object literal is a per-request closure
 * kept in the object's hidden class, and V8 gave each page's data a hidden class of its own, in
 * the old generation, so every request's objects (headers, rows, the rendered page) outlived the
 * young-generation collections that should have freed them. Under load each scavenge then copied
 * megabytes instead of kilobytes: a fifth of a signed-in page's CPU.
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
