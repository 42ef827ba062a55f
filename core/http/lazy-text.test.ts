import Handlebars from 'handlebars';
import { describe, expect, it } from 'vitest';
import { LazyText } from './lazy-text.ts';

describe('LazyText', () => {
  const form = Handlebars.compile('<input name="_csrf" value="{{token}}"><input name="again" value="{{token}}">');
  const plain = Handlebars.compile('<p>{{title}}</p>');

  it('is made when a template first prints it, once, and prints the same text each time', () => {
    let made = 0;
    const token = new LazyText(() => `tok-${++made}`);
    expect(made).toBe(0);
    expect(form({ token })).toBe('<input name="_csrf" value="tok-1"><input name="again" value="tok-1">');
    expect(made).toBe(1);
    expect(String(token)).toBe('tok-1');
  });

  it('is never made by a template that does not print it', () => {
    let made = 0;
    expect(plain({ title: 'FAQ', token: new LazyText(() => `tok-${++made}`) })).toBe('<p>FAQ</p>');
    expect(made).toBe(0);
  });

  it('is escaped like any other text', () => {
    expect(form({ token: new LazyText(() => '"><script>') })).toContain('value="&quot;&gt;&lt;script&gt;"');
  });
});
