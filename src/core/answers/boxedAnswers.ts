import { matchingBrace } from './latexScan';

/** One `\boxed{…}` / `\fbox{…}` of a text. */
export interface Box {
  start: number;
  end: number;
  content: string;
  /** False when the brace never closes (the text was cut off inside the box). */
  closed: boolean;
}

const BOX_COMMAND = /\\(?:boxed|fbox)(?![a-zA-Z])/g;

/**
 * Every box of `text`, left to right; boxes inside another box are part of its content. A box
 * whose brace never closes runs to the end of the text (the last thing a model wrote), and
 * `\boxed 5` (a TeX argument without braces) holds the next word.
 */
export function findBoxes(text: string): Box[] {
  const boxes: Box[] = [];
  let after = 0;
  for (const match of text.matchAll(BOX_COMMAND)) {
    if (match.index < after) continue;
    let i = match.index + match[0].length;
    while (text[i] === ' ') i++;
    let box: Box | null = null;
    if (text[i] === '{') {
      const close = matchingBrace(text, i);
      const end = close < 0 ? text.length : close + 1;
      box = {
        start: match.index,
        end,
        content: text.slice(i + 1, close < 0 ? end : close),
        closed: close >= 0,
      };
    } else if (i > match.index + match[0].length) {
      const bare = /^[^\s$]+/.exec(text.slice(i))?.[0];
      if (bare) {
        const word = bare.replace(/[.,]$/, '');
        box = { start: match.index, end: i + word.length, content: word, closed: true };
      }
    }
    if (box && box.content.trim() !== '') {
      boxes.push({ ...box, content: box.content.trim() });
      after = box.end;
    }
  }
  return boxes;
}

const DELIMITERS = /\$|\\[()[\]]/g;
const SEPARATOR = /[,;&]|(?<![a-zA-Z])(?:and|or)(?![a-zA-Z])/;
/** Only separators left: ", ", "and", "or", ";" (words in prose between boxes are not a list). */
const ONLY_SEPARATORS = /^[\s,;&]*(?:(?:and|or)[\s,;&]*)*$/i;

/**
 * Whether two boxes belong to one answer: written side by side (`\boxed{1}\boxed{2}`), or
 * separated by a short list separator ("\boxed{-2} and \boxed{1}", "\boxed{(1,2)}, \boxed{(2,1)}")
 * with no other math between them. Boxes in separate math blocks with nothing joining them
 * (`$$\boxed{20}$$ \boxed{143}`) are separate answers: the later one counts.
 */
function joined(between: string, earlier: string, later: string): boolean {
  if (between.trim() === '') return true;
  if (between.length >= 70 || earlier === later) return false;
  // `\text{ for part (a) and }` joins as its "and"; prose outside `\text` does not
  const texts = between.replace(/\\(?:text|mbox|mathrm)\s*\{([^{}]*)\}/g, (_, inner: string) =>
    SEPARATOR.test(inner) ? ' , ' : ' ',
  );
  const rest = texts
    .replace(DELIMITERS, ' ')
    .replace(/\\q?quad\b|\\[,;: !]|~/g, ' ')
    // "$x = \boxed{2}$ or $x = \boxed{-2}$": the variable each box is for
    .replace(/(?<![a-zA-Z\\])[a-zA-Z](?:_\{?\w+\}?)?\s*=/g, ' ');
  return SEPARATOR.test(rest) && ONLY_SEPARATORS.test(rest);
}

/**
 * The contents of the last group of boxes: the final box, with the boxes before it that are
 * joined to it (see `joined`). Empty when the text has no box.
 */
export function lastBoxGroup(text: string, all: readonly Box[] = findBoxes(text)): Box[] {
  // a box cut off by a token limit only counts when it is the only one
  const boxes = all.length > 1 && all.at(-1)?.closed === false ? all.slice(0, -1) : all;
  const last = boxes.at(-1);
  if (!last) return [];
  const group = [last];
  for (let k = boxes.length - 2; k >= 0; k--) {
    const earlier = boxes[k] as Box;
    const later = group[0] as Box;
    if (!joined(text.slice(earlier.end, later.start), earlier.content, later.content)) break;
    group.unshift(earlier);
  }
  return group;
}
