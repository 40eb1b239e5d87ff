import { describe, expect, it } from 'vitest';
import { checkLanguage } from '../../../src/core/filters/languageFilter';
import { hasSharedData, sharedQuestions } from '../../support/sharedData';

const foreign: [string, string][] = [
  ['fr', 'Marie a 12 pommes. Elle en donne 5 à son frère. Combien de pommes lui reste-t-il ?'],
  ['fr', 'Un train roule à 80 km/h pendant 3 heures. Quelle distance parcourt-il ?'],
  ['fr', 'Calcule la somme des entiers de 1 à 100.'],
  ['fr', 'Combien font 7 fois 8 ?'],
  ['es', 'Juan tiene 15 canicas y pierde 4. ¿Cuántas canicas le quedan?'],
  ['es', 'Si un triángulo tiene lados de 3, 4 y 5, ¿cuál es su área?'],
  ['es', 'Resuelve la ecuación $2x + 3 = 11$.'],
  ['es', '¿Cuánto es 7 por 8?'],
  ['de', 'Anna hat 20 Euro und kauft ein Buch für 7 Euro. Wie viel Geld hat sie noch?'],
  ['de', 'Berechne die Fläche eines Kreises mit dem Radius 4 cm.'],
  ['de', 'Ein Auto fährt 120 km in 2 Stunden. Wie schnell fährt es im Durchschnitt?'],
  ['de', 'Was ist 7 mal 8?'],
  ['zh', '小明有5个苹果，他又买了3个。他现在有多少个苹果？'],
  ['zh', '求函数 $f(x)=x^2-3x+2$ 的最小值。'],
];

describe('checkLanguage ascii (the paper)', () => {
  it('rejects empty text and names the first non-ASCII character', () => {
    expect(checkLanguage('  \n')).toEqual({ pass: false, reason: 'empty text' });
    expect(checkLanguage('Café costs $3.', 'ascii')).toEqual({
      pass: false,
      reason: "non-ASCII character 'é' (U+00E9)",
    });
    expect(checkLanguage('What is 3 + 4?', 'ascii')).toEqual({ pass: true });
  });
});

describe('checkLanguage english', () => {
  it('allows math symbols, smart quotes, dashes and LaTeX in English', () => {
    const ok = [
      'A circle has radius 3 cm. What is its area in terms of π?',
      'An angle measures 45°. What is 2 × 45° ÷ 3?',
      'Find √16 + 2³ + ½ · 4, given x ≤ 5 and y ≥ 2 and x ≠ y, ±1, ∞.',
      'Evaluate ∑_{k=1}^{10} k and ∫_0^1 x² dx.',
      '“How many apples”—asked Tom—“are left?” Answer in whole numbers – please.',
      'Compute $\\dbinom{31}{28}$.',
      'Simplify $\\sqrt{242}$.',
      'René Poincaré bought 3 crêpes at a café for €2 each. How much did he pay?',
      'What is 2+2?',
      '$x^2 = 4$',
    ];
    for (const text of ok) expect(checkLanguage(text, 'english'), text).toEqual({ pass: true });
  });

  it('rejects French, Spanish, German and Chinese math questions with the detected language', () => {
    for (const [language, text] of foreign) {
      const verdict = checkLanguage(text, 'english');
      expect(verdict.pass, text).toBe(false);
      if (!verdict.pass) {
        expect(verdict.reason, text).toMatch(
          new RegExp(`^detected language '${language}' \\(confidence 0\\.\\d\\d\\)$`),
        );
      }
    }
  });

  it('rejects characters that are neither prose nor math', () => {
    expect(checkLanguage('How many 🍎 are left?', 'english')).toEqual({
      pass: false,
      reason: "unexpected character '🍎' (U+1F34E)",
    });
    expect(checkLanguage('   ', 'english')).toEqual({ pass: false, reason: 'empty text' });
  });
});

describe.skipIf(!hasSharedData)('checkLanguage on real benchmark questions', () => {
  const sets: Record<string, string[]> = hasSharedData
    ? {
        'gsm8k-test': sharedQuestions('gsm8k-test'),
        'gsm8k-train': sharedQuestions('gsm8k-train'),
        'math500-test': sharedQuestions('math500-test'),
      }
    : {};

  it('passes at least 99% of GSM8K and MATH500 questions in english mode', () => {
    for (const [name, questions] of Object.entries(sets)) {
      const failed = questions.filter((q) => !checkLanguage(q, 'english').pass);
      const passRate = 1 - failed.length / questions.length;
      console.info(
        `english mode: ${name} pass rate ${passRate.toFixed(4)} (${failed.length} rejected)`,
      );
      expect(passRate, name).toBeGreaterThanOrEqual(0.99);
    }
  });

  it('reports how many the ascii mode rejects', () => {
    const rejected = Object.fromEntries(
      Object.entries(sets).map(([name, qs]) => [
        name,
        qs.filter((q) => !checkLanguage(q, 'ascii').pass).length,
      ]),
    );
    console.info(`ascii mode rejections: ${JSON.stringify(rejected)}`);
    // MATH500 is LaTeX-in-ASCII; GSM8K has a few typographic characters.
    expect(rejected['math500-test']).toBeLessThan(25);
  });
});
