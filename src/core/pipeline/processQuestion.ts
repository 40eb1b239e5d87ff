import type { LlmEngine } from '../../engine/llmEngine';
import { checkLanguage } from '../filters/languageFilter';
import { exactDuplicateKey } from '../dedup/normalizeQuestion';
import { preQueryProfiles } from '../prompts/preQueryProfiles';
import { generateQuestion } from './generateQuestion';
import { solveQuestion } from './solveQuestion';
import { selectSolution } from './selectSolution';
import type { RunConfig } from './runConfig';
import type { RunStore } from './runStore';
import type { PipelineListener } from './pipelineEvents';
import type { QuestionRecord, SolutionRecord, StageName, StageVerdict } from './records';

export interface ProcessedQuestion {
  question: QuestionRecord;
  solutions: SolutionRecord[];
}

interface Attempt {
  runId: string;
  index: number;
  config: RunConfig;
  engine: LlmEngine;
  store: RunStore;
  emit: PipelineListener;
  signal?: AbortSignal;
  now: () => number;
}

/** Takes one generation attempt through every stage; cheap filters run before any solving. */
export async function processQuestion(a: Attempt): Promise<ProcessedQuestion> {
  const { config, index, emit } = a;
  const id = `${a.runId}:${index}`;
  const seed = config.seed + index;
  const verdicts: StageVerdict[] = [];
  const stage = (
    s: StageName,
    status: 'running' | 'passed' | 'failed',
    detail?: string,
    text?: string,
  ) =>
    emit({
      type: 'stage',
      index,
      stage: s,
      status,
      ...(detail ? { detail } : {}),
      ...(text ? { text } : {}),
    });

  stage('generate', 'running');
  const generated = await generateQuestion(
    a.engine,
    preQueryProfiles[config.profile],
    config.generation,
    seed,
    a.signal,
  );
  const base: QuestionRecord = {
    id,
    runId: a.runId,
    index,
    text: generated.text,
    dedupKey: exactDuplicateKey(generated.text),
    status: 'rejected',
    verdicts,
    generation: generated.trace,
    majorityAnswer: null,
    agreement: 0,
    chosenSolutionId: null,
    createdAt: a.now(),
  };
  const reject = (verdict: StageVerdict): ProcessedQuestion => {
    verdicts.push(verdict);
    stage(verdict.stage, 'failed', verdict.reason, generated.text);
    return { question: { ...base, rejectedAt: verdict.stage }, solutions: [] };
  };
  if (!generated.verdict.pass) return reject(generated.verdict);
  verdicts.push(generated.verdict);
  stage('generate', 'passed', undefined, generated.text);

  const language = checkLanguage(generated.text, config.languageMode);
  if (!language.pass) return reject({ stage: 'language', pass: false, reason: language.reason });
  verdicts.push({ stage: 'language', pass: true });
  stage('language', 'passed');

  if (await a.store.hasKeptQuestion(base.dedupKey)) {
    return reject({ stage: 'dedup', pass: false, reason: 'exact duplicate of a kept question' });
  }
  verdicts.push({ stage: 'dedup', pass: true });
  stage('dedup', 'passed');

  stage('solve', 'running');
  const samples = await solveQuestion(a.engine, generated.text, config.solve, seed, a.signal);
  const answered = samples.filter((s) => s.answer !== null).length;
  if (answered === 0)
    return reject({ stage: 'solve', pass: false, reason: 'no solution stated a final answer' });
  verdicts.push({
    stage: 'solve',
    pass: true,
    reason: `${answered}/${samples.length} stated a final answer`,
  });
  stage('solve', 'passed', `${answered}/${samples.length} answered`);

  const selection = selectSolution(samples);
  const agreement = selection.majority.agreement;
  const majorityNote = `majority ${JSON.stringify(selection.majority.answer)}, agreement ${Math.round(agreement * 100)}%`;
  verdicts.push({ stage: 'majority', pass: true, reason: majorityNote });
  stage('majority', 'passed', majorityNote);

  const solutions: SolutionRecord[] = samples.map((s, i) => ({
    id: `${id}:${i}`,
    questionId: id,
    runId: a.runId,
    index: i,
    text: s.text,
    finishReason: s.finishReason,
    answer: s.answer,
    inMajority: selection.inMajority[i] ?? false,
    chosen: i === selection.chosen,
    completionTokens: s.completionTokens,
  }));
  const question = { ...base, majorityAnswer: selection.majority.answer, agreement };
  if (selection.chosen === null) {
    const failed = reject({
      stage: 'select',
      pass: false,
      reason: 'no solution reached the majority answer',
    });
    return {
      question: { ...failed.question, majorityAnswer: question.majorityAnswer, agreement },
      solutions,
    };
  }
  verdicts.push({
    stage: 'select',
    pass: true,
    reason: `kept solution ${selection.chosen + 1} (shortest in majority)`,
  });
  stage('select', 'passed');
  return {
    question: { ...question, status: 'kept', chosenSolutionId: `${id}:${selection.chosen}` },
    solutions,
  };
}
