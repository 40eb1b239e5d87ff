/**
 * Answer extraction and equivalence speed on real data:
 *   npm run bench -- answers
 * Figures: MATH500 extract+grade time for all 500 pairs, GSM8K extraction time, and the
 * per-pair cost of the cheap (string/numeric) and the compute-engine paths side by side.
 */
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { answersEquivalent } from '../../src/core/answers/answerEquivalence';
import { extractAnswer } from '../../src/core/answers/extractAnswer';

const dataDir = fileURLToPath(new URL('../../../shared/data/', import.meta.url));

function rows<T>(file: string): T[] {
  return readFileSync(`${dataDir}${file}`, 'utf8')
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => JSON.parse(l) as T);
}

function timeMs(run: () => void): number {
  const start = performance.now();
  run();
  return performance.now() - start;
}

const CHEAP: [string, string][] = [
  ['\\frac{1}{2}', '0.5'],
  ['1,000', '1000'],
  ['(1,2]', '(1,2)'],
  ['50\\%', '0.5'],
];
const SYMBOLIC: [string, string][] = [
  ['(x+1)^2', 'x^2+2x+1'],
  ['\\frac{\\sqrt{2}}{2}', '\\frac{1}{\\sqrt{2}}'],
  ['x^2', 'x^3'],
  ['2\\sqrt{3}', '\\sqrt{12}'],
];

export default async function (args: string[]): Promise<void> {
  await Promise.resolve();
  const repeats = Number(args[0] ?? 200);
  if (!existsSync(dataDir)) {
    console.log(`skipped: ${dataDir} is absent`);
    return;
  }
  const math = rows<{ solution: string; answer: string }>('math500-test.jsonl');
  let matched = 0;
  const mathMs = timeMs(() => {
    for (const r of math) {
      const x = extractAnswer(r.solution);
      if (x !== null && answersEquivalent(r.answer, x)) matched++;
    }
  });
  console.log(`math500_pairs=${math.length}`);
  console.log(`math500_equivalent_rate=${(matched / math.length).toFixed(4)}`);
  console.log(`math500_extract_and_grade_ms=${mathMs.toFixed(1)}`);

  const gsm = rows<{ answer: string }>('gsm8k-test.jsonl');
  const gsmMs = timeMs(() => gsm.forEach((r) => extractAnswer(r.answer)));
  console.log(`gsm8k_extract_ms=${gsmMs.toFixed(1)}`);

  // warm both paths once so the engine's construction is not charged to the per-pair figure
  [...CHEAP, ...SYMBOLIC].forEach(([a, b]) => answersEquivalent(a, b));
  const cheapMs = timeMs(() => {
    for (let i = 0; i < repeats; i++) CHEAP.forEach(([a, b]) => answersEquivalent(a, b));
  });
  const casMs = timeMs(() => {
    for (let i = 0; i < repeats; i++) SYMBOLIC.forEach(([a, b]) => answersEquivalent(a, b));
  });
  const cheapUs = (1000 * cheapMs) / (repeats * CHEAP.length);
  const casUs = (1000 * casMs) / (repeats * SYMBOLIC.length);
  console.log(`cheap_pair_us=${cheapUs.toFixed(1)}`);
  console.log(`symbolic_pair_us=${casUs.toFixed(1)}`);
  console.log(`symbolic_to_cheap_ratio=${(casUs / cheapUs).toFixed(1)}`);
}
