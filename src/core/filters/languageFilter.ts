import eld from 'eld/extrasmall';
import { describeCharacter, firstForeignCharacter, stripMathForDetection } from './mathText';
import type { LanguageMode } from './languageModes';

export type LanguageVerdict = { pass: true } | { pass: false; reason: string };

/**
 * How far another language's score must lead English before we reject. ELD's scores for
 * short English prose ("Compute", "Simplify") sit within ~0.03 of Catalan/Turkish; real
 * French/Spanish/German questions lead English by 0.15 or more.
 */
const MIN_LEAD_OVER_ENGLISH = 0.08;

export function checkLanguage(text: string, mode: LanguageMode = 'ascii'): LanguageVerdict {
  if (text.trim() === '') return { pass: false, reason: 'empty text' };
  return mode === 'ascii' ? checkAscii(text) : checkEnglish(text);
}

function checkAscii(text: string): LanguageVerdict {
  for (const ch of text) {
    if (ch.charCodeAt(0) > 0x7f) {
      return { pass: false, reason: `non-ASCII character ${describeCharacter(ch)}` };
    }
  }
  return { pass: true };
}

function checkEnglish(text: string): LanguageVerdict {
  const prose = stripMathForDetection(text);
  if (prose !== '') {
    const detected = eld.detect(prose);
    const scores = detected.getScores();
    const language = detected.language;
    const top = scores[language] ?? 0;
    const english = scores.en ?? 0;
    if (language !== '' && language !== 'en' && detected.isReliable()) {
      if (top - english >= MIN_LEAD_OVER_ENGLISH) {
        return {
          pass: false,
          reason: `detected language '${language}' (confidence ${top.toFixed(2)})`,
        };
      }
    }
  }
  const foreign = firstForeignCharacter(text);
  if (foreign !== undefined) {
    return { pass: false, reason: `unexpected character ${describeCharacter(foreign)}` };
  }
  return { pass: true };
}
