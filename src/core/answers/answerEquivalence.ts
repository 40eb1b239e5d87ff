/** Strips what does not change an answer's value: spaces, `$`, a trailing period, thousands commas. */
export function normalizeAnswer(answer: string): string {
  return answer
    .replace(/\$/g, '')
    .replace(/\\[,;! ]/g, '')
    .replace(/\s+/g, '')
    .replace(/(\d),(?=\d{3}\b)/g, '$1')
    .replace(/\.$/, '');
}

/** Whether two extracted answers have the same value. */
export function answersEquivalent(a: string, b: string): boolean {
  const x = normalizeAnswer(a);
  const y = normalizeAnswer(b);
  if (x === y) return true;
  const nx = Number(x);
  const ny = Number(y);
  return x !== '' && y !== '' && Number.isFinite(nx) && Number.isFinite(ny) && nx === ny;
}
