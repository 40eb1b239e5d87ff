/**
 * Splits long model output into parts of about `pageChars` characters, so a runaway answer of a
 * million characters is rendered a part at a time instead of freezing the page. Parts end at a
 * blank line outside code fences and display math, where markdown renders the same alone as in
 * the whole; text without such a place is cut at a line end, and a single huge line at a space.
 * With `maxChars`, it stops once the parts cover that many characters (the rest is not read),
 * so showing the start of a million characters costs as much as the start.
 */
export function displayPages(text: string, pageChars: number, maxChars = Infinity): string[] {
  if (text.length <= pageChars) return [text];
  const hardChars = pageChars * 4;
  const pages: string[] = [];
  let start = 0;
  let pos = 0;
  let inFence = false;
  let inMath = false;
  const cut = (at: number) => {
    pages.push(text.slice(start, at));
    start = at;
  };
  while (pos < text.length && start < maxChars) {
    const nl = text.indexOf('\n', pos);
    const end = nl < 0 ? text.length : nl + 1;
    // No blank line came in time: cut at this line's start rather than grow past the hard limit.
    if (end - start > hardChars && pos > start) cut(pos);
    const line = text.slice(pos, end);
    if (/^\s*(?:```|~~~)/.test(line)) inFence = !inFence;
    else if (!inFence && (line.includes('$$') || line.includes('\\')))
      inMath = mathOpenAfter(line, inMath);
    pos = end;
    if (line.trim() === '' && !inFence && !inMath && pos - start >= pageChars) cut(pos);
    // One enormous line: cut it at spaces so no part is over the hard limit.
    while (pos - start > hardChars) {
      const space = text.lastIndexOf(' ', start + pageChars);
      cut(space > start ? space + 1 : start + pageChars);
    }
  }
  if (start < text.length && start < maxChars) pages.push(text.slice(start));
  return pages;
}

/** Whether display math ($$ … $$ or \[ … \]) is still open after this line. */
function mathOpenAfter(line: string, open: boolean): boolean {
  let state = open;
  for (const match of line.matchAll(/\$\$|\\\[|\\\]/g)) {
    if (match[0] === '$$') state = !state;
    else state = match[0] === '\\[';
  }
  return state;
}
