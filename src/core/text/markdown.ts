/**
 * Text from untrusted places (run and model names, imported set names, model output in reasons)
 * written into a markdown file: HTML-significant characters become entities and the markdown
 * punctuation that starts emphasis, code, links, tables or headings is backslash-escaped, so a
 * viewer shows the text as written and never renders a tag or a link. (Parentheses stay: with
 * the brackets escaped no link can form, and the raw file stays readable.)
 */
export function markdownText(value: unknown): string {
  const text = typeof value === 'string' ? value : (JSON.stringify(value) ?? '');
  return text
    .replace(/\r?\n|\r/g, ' ')
    .replace(/[\\`*_[\]#|~]/g, (c) => `\\${c}`)
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;');
}

/** Inline code whose fence is longer than any run of backticks inside, so it cannot break out. */
export function markdownCode(value: string): string {
  const text = value.replace(/\r?\n|\r/g, ' ');
  const longest = Math.max(0, ...(text.match(/`+/g) ?? []).map((run) => run.length));
  const fence = '`'.repeat(longest + 1);
  const pad = text.startsWith('`') || text.endsWith('`') ? ' ' : '';
  return `${fence}${pad}${text}${pad}${fence}`;
}

/** A link target only when it is a plain http(s) URL (never javascript: or data:). */
export function safeLinkTarget(url: string | undefined): string | undefined {
  if (!url) return undefined;
  try {
    const parsed = new URL(url);
    if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') return undefined;
    return parsed.href.replace(/[()<> ]/g, (c) => encodeURIComponent(c));
  } catch {
    return undefined;
  }
}
