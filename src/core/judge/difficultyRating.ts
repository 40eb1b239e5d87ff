import type { ChatMessage } from '../ports/llmEngine';

export const DIFFICULTY_LEVELS = ['very easy', 'easy', 'medium', 'hard', 'very hard'] as const;

export function difficultyRatingMessages(question: string): ChatMessage[] {
  return [
    {
      role: 'system',
      content: 'You rate how hard math problems are for a strong high-school student.',
    },
    {
      role: 'user',
      content: `How hard is this problem? Reply with one of: very easy, easy, medium, hard, very hard.\n\n${question}`,
    },
  ];
}

const WORDS: [RegExp, number][] = [
  [/\b(?:very|extremely|trivially|super)\s+easy\b|\btrivial\b/g, 1],
  [/\b(?:very|extremely)\s+(?:hard|difficult)\b/g, 5],
  [/\b(?:easy|simple)\b/g, 2],
  [/\b(?:medium|moderate|intermediate|average)\b/g, 3],
  [/\b(?:hard|difficult|challenging)\b/g, 4],
];

/**
 * The rating level 1–5 from a short reply: a level word ("Very easy.", "**Medium**") or a number
 * ("3", "Level 4", "2/5"). The last mention wins, since models restate the scale before answering.
 */
export function parseDifficultyRating(output: string): number | null {
  const text = output.toLowerCase().replace(/[*_`#]/g, ' ');
  let best: { at: number; level: number } | null = null;
  const consider = (at: number, level: number) => {
    if (!best || at > best.at) best = { at, level };
  };
  const taken: [number, number][] = [];
  for (const [pattern, level] of WORDS) {
    for (const m of text.matchAll(pattern)) {
      const start = m.index;
      const end = start + m[0].length;
      // "very easy" must not also count as "easy" at the same spot.
      if (taken.some(([s, e]) => start < e && end > s)) continue;
      taken.push([start, end]);
      consider(start, level);
    }
  }
  for (const m of text.matchAll(/(?<![\d.])([1-5])(?:\s*\/\s*5)?(?![\d.])/g))
    consider(m.index, Number(m[1]));
  return (best as { level: number } | null)?.level ?? null;
}
