// @vitest-environment jsdom
import { describe, expect, it } from 'vitest';
import { renderUntrusted } from '../../src/ui/dataset/markdown/renderUntrusted';

/** Parses rendered HTML into a detached container to inspect what would reach the page. */
function parse(html: string): HTMLElement {
  const box = document.createElement('div');
  box.innerHTML = html;
  return box;
}

function assertInert(box: HTMLElement) {
  expect(box.querySelectorAll('script, iframe, img, object, embed, style, form').length).toBe(0);
  for (const el of box.querySelectorAll('*')) {
    for (const attr of el.getAttributeNames()) expect(attr.startsWith('on'), attr).toBe(false);
    for (const name of ['href', 'src', 'xlink:href', 'action']) {
      const value = el.getAttribute(name);
      if (value !== null)
        expect(value.trim().toLowerCase()).not.toMatch(/^(javascript|data|vbscript):/);
    }
  }
}

const hostile: Record<string, string> = {
  script: 'Before <script>window.__pwned=1</script> after',
  iframe: '<iframe src="javascript:window.__pwned=1"></iframe> text',
  imgOnerror: 'x <img src=x onerror="window.__pwned=1"> y',
  markdownJsLink: '[click](javascript:alert(1))',
  markdownJsLinkEncoded: '[click](jav&#x61;script:alert(1)) and [t](JAVASCRIPT:alert(1))',
  markdownImage: '![alt text](javascript:alert(1)) ![pic](https://evil.example/track.png)',
  autolinkData: '<data:text/html,<script>alert(1)</script>>',
  texHref: 'Inline $\\href{javascript:alert(1)}{click}$ and \\(\\url{javascript:alert(2)}\\)',
  texHtmlAttr:
    '$\\htmlData{onclick=alert(1)}{x}$ $\\htmlId{a}{b}$ $\\includegraphics{javascript:x}$',
  svg: '<svg onload="alert(1)"><script>alert(2)</script><a xlink:href="javascript:alert(3)">x</a></svg>',
  svgInMath: '$$\n\\text{<svg onload=alert(1)>}\n$$',
  htmlBlock: '<div onclick="alert(1)">\n\n**bold**\n\n</div>',
  styleTag: '<style>body{display:none}</style>',
  referenceLink: '[a][x]\n\n[x]: javascript:alert(1)',
};

describe('renderUntrusted', () => {
  for (const [name, input] of Object.entries(hostile)) {
    it(`neutralises ${name}`, () => {
      const box = parse(renderUntrusted(input));
      assertInert(box);
    });
  }

  it('shows raw HTML as visible text instead of elements', () => {
    const box = parse(renderUntrusted('Before <script>window.__pwned=1</script> after'));
    expect(box.textContent).toContain('<script>window.__pwned=1</script>');
    expect(box.querySelector('script')).toBeNull();
  });

  it('keeps a markdown link text but drops a javascript: href', () => {
    const box = parse(renderUntrusted('[click](javascript:alert(1))'));
    expect(box.textContent).toContain('click');
    const link = box.querySelector('a');
    expect(link?.getAttribute('href') ?? null).toBeNull();
  });

  it('keeps https links, opening them without the opener', () => {
    const link = parse(renderUntrusted('[docs](https://example.org/a)')).querySelector('a');
    expect(link?.getAttribute('href')).toBe('https://example.org/a');
    expect(link?.getAttribute('rel')).toContain('noopener');
  });

  it('renders images as their alt text only', () => {
    const box = parse(renderUntrusted('![a cat](https://evil.example/t.png)'));
    expect(box.querySelector('img')).toBeNull();
    expect(box.textContent).toContain('a cat');
  });

  it('does not turn \\href into a link (KaTeX without trust)', () => {
    const box = parse(renderUntrusted('$\\href{javascript:alert(1)}{click}$'));
    expect(box.querySelector('a')).toBeNull();
  });

  it('renders math with every delimiter models use', () => {
    const box = parse(
      renderUntrusted(
        'Inline $\\frac{7}{8}$, \\(x^2\\) and\n\n\\[\\sqrt{2}\\]\n\n$$\n\\boxed{6}\n$$',
      ),
    );
    expect(box.querySelectorAll('.katex').length).toBe(4);
    expect(box.querySelectorAll('.katex-display').length).toBe(2);
    expect(box.querySelector('math mfrac')).not.toBeNull();
  });

  it('renders a bare \\boxed answer, nested braces included', () => {
    const box = parse(renderUntrusted('So the answer is \\boxed{\\frac{7}{8}} today.'));
    expect(box.querySelectorAll('.katex').length).toBe(1);
    expect(box.querySelector('math mfrac')).not.toBeNull();
    expect(box.textContent).toContain('today.');
  });

  it('keeps the drawing of the SVG parts of KaTeX (square roots, arrows) and its aria attributes', () => {
    const box = parse(renderUntrusted('We have $\\sqrt{2} + \\overrightarrow{AB}$.'));
    const paths = [...box.querySelectorAll('.katex-html svg path')];
    expect(paths.length).toBeGreaterThanOrEqual(2);
    for (const path of paths) expect(path.getAttribute('d')).toMatch(/^M\d/);
    expect(box.querySelector('.katex-html svg')?.getAttribute('viewBox')).toMatch(/^0 0 \d+ \d+$/);
    expect(box.querySelector('.katex-html')?.getAttribute('aria-hidden')).toBe('true');
    assertInert(box);
  });

  it('leaves prices as text', () => {
    const box = parse(renderUntrusted('It costs $5 and $10 in total.'));
    expect(box.querySelector('.katex')).toBeNull();
    expect(box.textContent).toContain('$5 and $10');
  });

  it('shows broken TeX as an error span instead of throwing', () => {
    const box = parse(renderUntrusted('$\\frac{1}{$ and $\\undefinedmacro{2}$'));
    expect(box.textContent).toContain('undefinedmacro');
  });

  it('renders markdown emphasis and lists', () => {
    const box = parse(renderUntrusted('**Step 1**\n\n- a\n- b'));
    expect(box.querySelector('strong')?.textContent).toBe('Step 1');
    expect(box.querySelectorAll('li').length).toBe(2);
  });
});
