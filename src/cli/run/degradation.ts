/**
 * What a run did worse than asked, counted from what it stored (so a resumed run counts its
 * earlier sessions too): scores the judge or reward model gave in a form that could not be read,
 * kept questions ranked without any readable score (the fallback order decided), and questions
 * that overlap a reference set (kept and flagged, or dropped). Shown in progress lines, at the
 * end, and in the card.
 */
import type { QuestionRecord, SolutionRecord } from '../../core/pipeline/records';

export interface ContaminationMatch {
  questionId: string;
  source: string;
  overlap: number;
}

export class DegradationCounter {
  scored = 0;
  unreadableScores = 0;
  /** Kept questions whose candidates were all scored, none readably: the fallback order chose. */
  keptWithoutScore = 0;
  contaminationChecked = 0;
  /** Kept questions overlapping a reference set (action 'flag'). */
  readonly flaggedKept: ContaminationMatch[] = [];
  contaminationDropped = 0;

  add(question: QuestionRecord, solutions: readonly SolutionRecord[]): void {
    const scored = solutions.filter((s) => s.judgeScore !== undefined);
    const unreadable = scored.filter((s) => s.judgeScore === null).length;
    this.scored += scored.length;
    this.unreadableScores += unreadable;
    if (question.status === 'kept' && scored.length > 0 && unreadable === scored.length)
      this.keptWithoutScore += 1;
    const found = question.contamination;
    if (found) this.contaminationChecked += 1;
    if (found?.contaminated) {
      if (question.status === 'kept')
        this.flaggedKept.push({
          questionId: question.id,
          source: found.source ?? 'a reference set',
          overlap: found.overlap,
        });
      else if (question.rejectedAt === 'contamination') this.contaminationDropped += 1;
    }
  }

  /** One phrase for progress lines, or '' while nothing degraded. */
  summary(): string {
    const parts: string[] = [];
    if (this.unreadableScores)
      parts.push(`${this.unreadableScores}/${this.scored} scores unreadable`);
    if (this.keptWithoutScore) parts.push(`${this.keptWithoutScore} kept without a readable score`);
    if (this.flaggedKept.length)
      parts.push(`${this.flaggedKept.length} kept flagged as contaminated`);
    if (this.contaminationDropped)
      parts.push(`${this.contaminationDropped} dropped as contaminated`);
    return parts.join(', ');
  }

  /** The card's section: what was checked, what was found, which fallbacks were taken. */
  cardSection(options: {
    /** Whether the run's settings asked for the check. */
    contaminationEnabled: boolean;
    contaminationSources: string[];
    ngram: number;
    action: string;
    serversIgnoringN: string[];
    /** How candidate solutions were ranked, in words (a fallback says so). */
    scoring: string;
  }): string {
    const lines = ['## Checks and fallbacks of this run', ''];
    lines.push(`- Ranking of candidate solutions: ${options.scoring}.`);
    if (!options.contaminationEnabled)
      lines.push('- Contamination: **not checked** (turned off in the run settings).');
    else if (options.contaminationSources.length === 0)
      lines.push('- Contamination: **not checked** (no reference sets were given).');
    else {
      const where = options.contaminationSources.join(', ');
      lines.push(
        `- Contamination: ${this.contaminationChecked} questions checked against ${where} (${options.ngram}-grams, action: ${options.action}).`,
        this.flaggedKept.length
          ? `  **${plural(this.flaggedKept.length, 'kept question overlaps', 'kept questions overlap')} a reference set** ` +
              `and ${this.flaggedKept.length === 1 ? 'is' : 'are'} flagged, not removed: ` +
              this.flaggedKept
                .slice(0, 20)
                .map((m) => `\`${m.questionId}\` (${m.source}, ${Math.round(m.overlap * 100)}%)`)
                .join(', ') +
              (this.flaggedKept.length > 20 ? ', …' : '') +
              '.'
          : '  No kept question overlaps a reference set.',
      );
      if (this.contaminationDropped)
        lines.push(`  ${this.contaminationDropped} overlapping questions were dropped.`);
    }
    lines.push(
      this.scored
        ? `- Scores: ${this.unreadableScores} of ${this.scored} could not be read; ${this.keptWithoutScore} kept answers were chosen without any readable score (majority, then shorter text).`
        : '- Scores: no scorer ran.',
    );
    lines.push(
      options.serversIgnoringN.length
        ? `- Servers that ignored \`n\` (each solution was requested separately): ${options.serversIgnoringN.join(', ')}.`
        : '- Every server that was asked for several solutions at once returned them all.',
    );
    return `${lines.join('\n')}\n`;
  }
}

function plural(n: number, one: string, many: string): string {
  return `${n} ${n === 1 ? one : many}`;
}
