// The dark palette is written twice in app.css — for a pinned dark theme and for a system in
// dark mode — because CSS cannot share one block between an attribute and a media query (and
// light-dark() would hand the charts, which read the colours as strings, an unparsed value).
// This keeps the two the same.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

const css = readFileSync(new URL('../../../src/ui/app.css', import.meta.url), 'utf8');

/** The declarations of the first block opened by `selector`, one per entry, as written. */
function declarations(selector: string): string[] {
  const start = css.indexOf(`${selector} {`);
  expect(start, selector).toBeGreaterThanOrEqual(0);
  const body = css.slice(css.indexOf('{', start) + 1, css.indexOf('}', start));
  return body
    .split(';')
    .map((d) => d.trim())
    .filter(Boolean);
}

describe('dark palette', () => {
  it('is the same pinned and from the system', () => {
    const pinned = declarations(":root[data-theme='dark']");
    const system = declarations(":root:not([data-theme='light'])");
    expect(pinned.length).toBeGreaterThan(20);
    expect(system).toEqual(pinned);
    // The light palette names the same properties.
    const names = (ds: string[]) => ds.map((d) => d.split(':')[0]);
    expect(
      names(declarations(':root')).filter((n) => n!.startsWith('--') || n === 'color-scheme'),
    ).toEqual(names(pinned));
  });
});
