/**
 * Splits raw model text into pieces for display: chat-template special tokens (`<|im_start|>`,
 * DeepSeek's fullwidth `<｜…｜>`, `[INST]`, `<s>`) and whitespace that would otherwise be invisible
 * (newlines, tabs, trailing spaces) become their own pieces, so the view can style them.
 */
export type VisiblePiece =
  | { kind: 'text'; text: string }
  | { kind: 'special'; text: string }
  | { kind: 'newline' }
  | { kind: 'tab' }
  | { kind: 'space'; count: number };

const SPECIAL =
  /<\|[^|<>\s]{1,40}\|>|<\uFF5C[^\uFF5C<>]{1,40}\uFF5C>|\[\/?INST\]|<\/?s>|\n|\t| +(?=\n|$)/g;

export function visiblePieces(raw: string): VisiblePiece[] {
  const pieces: VisiblePiece[] = [];
  let last = 0;
  for (const match of raw.matchAll(SPECIAL)) {
    const at = match.index;
    if (at > last) pieces.push({ kind: 'text', text: raw.slice(last, at) });
    const token = match[0];
    if (token === '\n') pieces.push({ kind: 'newline' });
    else if (token === '\t') pieces.push({ kind: 'tab' });
    else if (token.startsWith(' ')) pieces.push({ kind: 'space', count: token.length });
    else pieces.push({ kind: 'special', text: token });
    last = at + token.length;
  }
  if (last < raw.length) pieces.push({ kind: 'text', text: raw.slice(last) });
  return pieces;
}
