import { describe, expect, it } from 'vitest';
import { agreementStats } from '../../../src/core/answers/majorityVote';
import {
  difficultySignals,
  difficultyVerdict,
  wantsRating,
} from '../../../src/core/pipeline/difficulty';
import { defaultRunConfig, type DifficultySettings } from '../../../src/core/pipeline/runConfig';

const band = (over: Partial<DifficultySettings>): DifficultySettings => ({
  ...defaultRunConfig().difficulty,
  ...over,
});
const signals = (answers: (string | null)[]) => difficultySignals(agreementStats(answers));

describe('difficulty band', () => {
  it('measures fail rate against the majority, counting unanswered solutions as misses', () => {
    const s = signals(['6', '6.0', '5', null]);
    expect(s.agreement).toBeCloseTo(0.5);
    expect(s.failRate).toBeCloseTo(0.5);
    expect(s.distinctAnswers).toBe(2);
    expect(s.answered).toBe(3);
  });

  it('drops a question no two solutions agree on', () => {
    const v = difficultyVerdict(band({ dropNoAgreement: true }), signals(['1', '2', '3']), 3);
    expect(v.pass).toBe(false);
    expect(v.reason).toMatch(/no two solutions agree \(fail rate 67%, 1\/3 agree\)/);
    expect(difficultyVerdict(band({}), signals(['1', '1', '3']), 3).pass).toBe(true);
  });

  it('drops a unanimous question only when rated trivially easy', () => {
    const settings = band({ dropUnanimous: 'if-rated-easy', rating: 'when-unanimous' });
    const all = signals(['4', '4', '4']);
    expect(wantsRating(settings, all, 3)).toBe(true);
    expect(wantsRating(settings, signals(['4', '4', '5']), 3)).toBe(false);
    const rated = (level: number, label: string) => ({
      ...all,
      rating: { level, label, prompt: '', output: label },
    });
    const easy = difficultyVerdict(settings, rated(1, 'very easy'), 3);
    expect(easy.pass).toBe(false);
    expect(easy.reason).toMatch(/rated trivially easy .*rated very easy/);
    expect(difficultyVerdict(settings, rated(3, 'medium'), 3).pass).toBe(true);
    expect(difficultyVerdict({ ...settings, easyAtOrBelow: 3 }, rated(3, 'medium'), 3).pass).toBe(
      false,
    );
    // Unrated (rating unreadable) is not "easy".
    expect(difficultyVerdict(settings, all, 3).pass).toBe(true);
  });

  it('can drop every unanimous question, and never bands a single sample', () => {
    const always = band({ dropUnanimous: 'always', dropNoAgreement: true });
    expect(difficultyVerdict(always, signals(['4', '4']), 2).pass).toBe(false);
    expect(difficultyVerdict(always, signals(['4']), 1).pass).toBe(true);
  });
});
