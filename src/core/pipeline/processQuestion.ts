import {
  majorityVote,
  statsOfVote,
  type AgreementStats,
  type MajorityResult,
} from '../answers/majorityVote';
import { exactDuplicateKey } from '../dedup/normalizeQuestion';
import { checkLanguage } from '../filters/languageFilter';
import { judgeSolvability } from '../judge/solvabilityJudge';
import type { SolutionScorer } from '../ports/solutionScorer';
import { AttemptTrace } from './attemptTrace';
import { difficultySignals, difficultyVerdict, rateDifficulty, wantsRating } from './difficulty';
import { generateQuestion, type GeneratedQuestion } from './generateQuestion';
import { importedQuestion } from './importedQuestion';
import type { OrderedDuplicates } from './orderedDuplicates';
import type { PipelineListener } from './pipelineEvents';
import type { ContaminationChecker } from '../ports/checkers';
import type { QuestionRecord, SolutionRecord, StageName } from './records';
import { preQueryProfileOf, type RunConfig } from './runConfig';
import { selectSolution } from './selectSolution';
import { solveQuestion, type SolvedSample } from './solveQuestion';
import type { StageEngines } from './stageEngines';
import { SKIP_REASONS } from './verdicts';
import { requestSeed } from './seeds';

export interface ProcessedQuestion {
  question: QuestionRecord;
  solutions: SolutionRecord[];
}

/** What the runner lends each attempt besides the engine. */
export interface AttemptPorts {
  duplicates: OrderedDuplicates;
  contamination?: ContaminationChecker;
  scorer?: SolutionScorer;
}

export interface Attempt {
  runId: string;
  index: number;
  config: RunConfig;
  engines: StageEngines;
  ports: AttemptPorts;
  emit: PipelineListener;
  signal?: AbortSignal;
  now: () => number;
}

/** One attempt's record as it grows, and how it ends. */
class Draft {
  solutions: SolutionRecord[] = [];

  constructor(
    public question: QuestionRecord,
    readonly trace: AttemptTrace,
  ) {}

  set(fields: Partial<QuestionRecord>): void {
    this.question = { ...this.question, ...fields };
  }

  reject(stage: StageName, reason: string): ProcessedQuestion {
    this.trace.fail(stage, reason);
    return this.finish({ rejectedAt: stage });
  }

  finish(fields: Partial<QuestionRecord> = {}): ProcessedQuestion {
    const question = {
      ...this.question,
      ...fields,
      verdicts: this.trace.verdicts,
      tokens: this.trace.tokens,
    };
    return { question, solutions: this.solutions };
  }
}

/**
 * Takes one generation attempt through every stage, cheapest first: the generation screen,
 * language, duplicates and contamination all run before the first judge call, and the judge
 * before any solving.
 */
export async function processQuestion(a: Attempt): Promise<ProcessedQuestion> {
  try {
    return await runStages(a);
  } finally {
    // Later attempts wait for this one's duplicate check; a rejection before it must free them.
    a.ports.duplicates.pass(a.index);
  }
}

async function runStages(a: Attempt): Promise<ProcessedQuestion> {
  const { config, index } = a;
  const id = `${a.runId}:${index}`;
  const trace = new AttemptTrace(a.emit, index);
  trace.running('generate');
  const generated = await questionFor(a);
  if (config.source?.kind !== 'imported') trace.spend('generate', generated.trace);
  trace.text = generated.text;
  const draft = new Draft(
    {
      id,
      runId: a.runId,
      index,
      text: generated.text,
      dedupKey: exactDuplicateKey(generated.text),
      status: 'rejected',
      verdicts: [],
      generation: generated.trace,
      majorityAnswer: null,
      agreement: 0,
      chosenSolutionId: null,
      createdAt: a.now(),
    },
    trace,
  );
  if (!generated.verdict.pass) return draft.reject('generate', generated.verdict.reason ?? '');
  trace.pass('generate', generated.verdict.reason);

  const cheap = await cheapChecks(a, draft);
  if (cheap) return cheap;

  if (config.judge.mode !== 'off') {
    trace.running('judge');
    const judged = await judgeSolvability(
      a.engines.judge,
      draft.question.text,
      config.judge,
      seedOf(a, a.engines.judge),
      a.signal,
    );
    trace.spend('judge', judged.tokens);
    draft.set({ judge: judged.trace });
    if (!judged.pass) return draft.reject('judge', judged.reason);
    trace.pass('judge', judged.reason);
  } else trace.skip('judge', SKIP_REASONS.off);
  return solveAndSelect(a, draft);
}

/** The generator's question for this attempt, or the imported one in its place. */
/** The seed this attempt sends to an engine (scrambled for WebLLM, see seeds.ts). */
function seedOf(a: Attempt, engine: StageEngines[keyof StageEngines]): number {
  return requestSeed(engine.info, a.config.seed, a.index);
}

async function questionFor(a: Attempt): Promise<GeneratedQuestion> {
  const { config } = a;
  if (config.source?.kind === 'imported') {
    const { name, questions } = config.source;
    return importedQuestion(name, questions, a.index, config.screen);
  }
  const engine = a.engines.generate;
  const seed = seedOf(a, engine);
  const generated = await generateQuestion(
    engine,
    preQueryProfileOf(config),
    config.generation,
    seed,
    a.signal,
    config.screen,
  );
  if (engine.info.kind === 'webllm') generated.trace.seedMixed = true;
  return generated;
}

/** Language, duplicates, contamination: no model calls. Returns the rejection, if any. */
async function cheapChecks(a: Attempt, draft: Draft): Promise<ProcessedQuestion | null> {
  const { config } = a;
  const { text, id } = draft.question;
  const language = checkLanguage(text, config.languageMode);
  if (!language.pass) return draft.reject('language', language.reason);
  draft.trace.pass('language');

  if (config.dedup.exact || config.dedup.near) {
    const verdict = await a.ports.duplicates.check(a.index, id, text);
    a.ports.duplicates.pass(a.index);
    if (verdict.duplicate) {
      const { kind, of, similarity } = verdict;
      draft.set({ duplicate: { kind, of, similarity } });
      const what = of.startsWith('key:') ? 'a kept question' : of;
      const sim = similarity < 1 ? ` (similarity ${similarity.toFixed(2)})` : '';
      return draft.reject('dedup', `${kind} duplicate of ${what}${sim}`);
    }
    draft.trace.pass('dedup');
  } else draft.trace.skip('dedup', SKIP_REASONS.off);

  const checker = a.ports.contamination;
  if (!config.contamination.enabled) draft.trace.skip('contamination', SKIP_REASONS.off);
  else if (!checker) draft.trace.skip('contamination', SKIP_REASONS.noReferenceSets);
  else {
    const found = await checker.check(text);
    const { contaminated, source, overlap } = found;
    draft.set({
      contamination: {
        contaminated,
        overlap,
        ...(source !== undefined ? { source } : {}),
        against: [...checker.sources],
      },
    });
    const n = config.contamination.ngram;
    if (contaminated) {
      const note = `overlaps ${source ?? 'a reference set'} (${Math.round(overlap * 100)}% of ${n}-grams)`;
      if (config.contamination.action === 'drop') return draft.reject('contamination', note);
      draft.trace.pass('contamination', `flagged: ${note}`);
    } else
      draft.trace.pass('contamination', `no ${n}-gram shared with ${checker.sources.join(', ')}`);
  }
  return null;
}

async function solveAndSelect(a: Attempt, draft: Draft): Promise<ProcessedQuestion> {
  const { config } = a;
  const { trace } = draft;
  const question = draft.question.text;
  trace.running('solve');
  const seed = seedOf(a, a.engines.solve);
  const solved = await solveQuestion(a.engines.solve, question, config.solve, seed, a.signal);
  trace.spend('solve', solved.tokens);
  draft.set({ solvePrompt: solved.prompt });
  const samples = solved.samples;
  draft.solutions = solutionRecords(draft.question, samples);
  const answered = samples.filter((s) => s.statesAnswer).length;
  if (answered === 0) return draft.reject('solve', 'no solution stated a final answer');
  trace.pass('solve', `${answered}/${samples.length} stated a final answer`);

  // One vote decides the majority, the difficulty band and the chosen solution alike
  const answers = samples.map((s) => s.answer);
  const vote = majorityVote(answers, { precision: config.grading.precision });
  const stats = statsOfVote(vote, answers);
  draft.set({ majorityAnswer: stats.majority, agreement: stats.agreement });
  const undecided = stats.undecided
    ? `; ${stats.undecided} comparison${stats.undecided === 1 ? '' : 's'} undecided (counted as different)`
    : '';
  trace.pass(
    'majority',
    `majority ${JSON.stringify(stats.majority)}, agreement ${Math.round(stats.agreement * 100)}%${undecided}`,
  );

  const hard = await difficultyStage(a, draft, stats);
  if (hard) return hard;

  const scores = await scoreCandidates(a, draft, samples, vote);
  const selection = selectSolution(samples, {
    preferMajority: config.selection.preferMajority,
    dropUnanswered: config.solve.dropUnanswered,
    majority: vote,
    ...(scores ? { scores } : {}),
  });
  draft.solutions = draft.solutions.map((s, i) => {
    const rank = selection.ranking.indexOf(i);
    return {
      ...s,
      inMajority: selection.inMajority[i] ?? false,
      chosen: i === selection.chosen,
      candidate: selection.candidates[i] ?? false,
      ...(rank >= 0 ? { rank } : {}),
    };
  });
  if (selection.chosen === null)
    return draft.reject('select', 'no solution reached the majority answer');
  trace.pass('select', selectionNote(selection.chosen, draft.solutions, scores !== null));
  return draft.finish({
    status: 'kept',
    chosenSolutionId: `${draft.question.id}:${selection.chosen}`,
  });
}

function solutionRecords(q: QuestionRecord, samples: readonly SolvedSample[]): SolutionRecord[] {
  return samples.map((s, i) => ({
    id: `${q.id}:${i}`,
    questionId: q.id,
    runId: q.runId,
    index: i,
    text: s.text,
    finishReason: s.finishReason,
    answer: s.answer,
    statesAnswer: s.statesAnswer,
    inMajority: false,
    chosen: false,
    completionTokens: s.completionTokens,
  }));
}

function selectionNote(chosen: number, solutions: SolutionRecord[], scored: boolean): string {
  const s = solutions[chosen];
  const parts = [s?.inMajority ? 'majority answer' : 'best score'];
  if (scored)
    parts.push(
      typeof s?.judgeScore === 'number'
        ? `score ${s.judgeScore}`
        : 'the scorer’s reply held no score',
    );
  parts.push(`${s?.text.length ?? 0} characters`);
  return `kept solution ${chosen + 1} (${parts.join(', ')})`;
}

async function difficultyStage(
  a: Attempt,
  draft: Draft,
  stats: AgreementStats,
): Promise<ProcessedQuestion | null> {
  const settings = a.config.difficulty;
  const samples = draft.solutions.length;
  let signals = difficultySignals(stats);
  if (wantsRating(settings, signals, samples)) {
    draft.trace.running('difficulty');
    const rated = await rateDifficulty(
      a.engines.judge,
      draft.question.text,
      settings,
      seedOf(a, a.engines.judge),
      a.signal,
    );
    draft.trace.spend('difficulty', rated.tokens);
    signals = { ...signals, rating: rated.rating };
  }
  draft.set({ difficulty: signals });
  const banded =
    settings.dropNoAgreement || settings.dropUnanimous !== 'never' || settings.rating !== 'off';
  if (!banded) {
    draft.trace.skip('difficulty', SKIP_REASONS.noBand);
    return null;
  }
  const verdict = difficultyVerdict(settings, signals, samples);
  if (!verdict.pass) return draft.reject('difficulty', verdict.reason);
  draft.trace.pass('difficulty', verdict.reason);
  return null;
}

/** Scores the solutions that can still win (majority ones when majority comes first). */
async function scoreCandidates(
  a: Attempt,
  draft: Draft,
  samples: readonly SolvedSample[],
  majority: MajorityResult,
): Promise<(number | null)[] | null> {
  const scorer = a.ports.scorer;
  if (a.config.selection.scorer === 'off' || !scorer) return null;
  const eligible = selectSolution(samples, {
    preferMajority: a.config.selection.preferMajority,
    dropUnanswered: a.config.solve.dropUnanswered,
    majority,
  }).candidates;
  draft.trace.running('select');
  const results = await Promise.all(
    samples.map((s, i) =>
      eligible[i] ? scorer.score(draft.question.text, s.text, a.signal) : Promise.resolve(null),
    ),
  );
  draft.solutions = draft.solutions.map((s, i) => {
    const r = results[i];
    if (!r) return s;
    draft.trace.spend('select', r.tokens);
    return { ...s, judgeScore: r.score, scoreOutput: r.output };
  });
  return results.map((r) => r?.score ?? null);
}
