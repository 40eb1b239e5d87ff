/**
 * Pipeline order and engine utilisation, side by side in one run.
 *
 * An engine double generates whitespace "tokens" at a fixed delay per token and serves one request
 * at a time (like a local model). The same question stream goes through
 *  - our order (runPipeline): generate → screen → language → dedup → judge → solve 5 → difficulty
 *    → select, with look-ahead so the next generation is queued while CPU stages run; and
 *  - the paper's order at equal settings: generate → solve 5 → then the filters (language, judge,
 *    duplicates, difficulty, select) on the solved question, one attempt at a time.
 * Both keep the same pairs; what differs is how many tokens each spends per kept pair.
 *
 * The question mix (deterministic per seed) follows the rates the paper reports where it reports
 * them: 20% non-English (its ASCII filter drops 20.1%), 19% unsolvable (its judge drops 19.4%);
 * plus 15% repeats of an earlier question (Magpie-style generators repeat themselves), 9% on which
 * the solutions disagree (dropped by the difficulty band), 3% cut off at max_tokens, the rest good.
 *
 * Figures: pipeline.tokens_per_pair_ratio (ours ÷ paper's; goal ≤ 0.6), pipeline.engine_busy
 * (share of wall time the engine generates in our runner; goal ≥ 0.97), and for context the
 * tokens per pair of each order and the busy share without look-ahead.
 */
import { runPipeline } from '../../src/core/pipeline/runPipeline';
import { presetConfig } from '../../src/core/pipeline/presets';
import type { RunConfig } from '../../src/core/pipeline/runConfig';
import { generateQuestion } from '../../src/core/pipeline/generateQuestion';
import { solveQuestion } from '../../src/core/pipeline/solveQuestion';
import { judgeSolvability } from '../../src/core/judge/solvabilityJudge';
import { checkLanguage } from '../../src/core/filters/languageFilter';
import { exactDuplicateKey } from '../../src/core/dedup/normalizeQuestion';
import { agreementStats } from '../../src/core/answers/majorityVote';
import { difficultySignals, difficultyVerdict } from '../../src/core/pipeline/difficulty';
import { selectSolution } from '../../src/core/pipeline/selectSolution';
import { preQueryProfiles } from '../../src/core/prompts/preQueryProfiles';
import type {
  ChatRequest,
  CompletionRequest,
  GenerationResult,
  LlmEngine,
} from '../../src/core/ports/llmEngine';
import { MemoryRunStore } from '../support/memoryRunStore';

type Kind = 'good' | 'foreign' | 'repeat' | 'unsolvable' | 'disagree' | 'cutoff';

const words = (n: number, word = 'step') => Array.from({ length: n }, () => word).join(' ');
const mix = (seed: number) => ((seed * 2654435761) >>> 0) % 100;

function kindOf(seed: number): Kind {
  const r = mix(seed);
  if (r < 20) return 'foreign';
  if (r < 35) return 'repeat';
  if (r < 54) return 'unsolvable';
  if (r < 63) return 'disagree';
  if (r < 66) return 'cutoff';
  return 'good';
}

function questionFor(seed: number): { text: string; kind: Kind } {
  const kind = kindOf(seed);
  const pad = words(45, 'detail');
  if (kind === 'foreign') return { kind, text: `Combien font ${seed} et 3 ? Réponds. ${pad}` };
  if (kind === 'unsolvable')
    return { kind, text: `A box holds some apples ${seed}. How many? ${pad}` };
  if (kind === 'disagree') return { kind, text: `Estimate the count ${seed} of stars. ${pad}` };
  if (kind === 'cutoff') return { kind, text: words(1100, 'and') };
  if (kind === 'repeat') {
    for (let s = seed - 1; s >= 0; s--) {
      if (kindOf(s) === 'good') return { kind, text: `${questionFor(s).text.toUpperCase()}` };
    }
  }
  return { kind: 'good', text: `A farm has ${seed} rows of 4 plants. How many plants? ${pad}` };
}

/** One request at a time, `perTokenMs` per generated token; records when it is generating. */
class TokenEngine implements LlmEngine {
  readonly info = { kind: 'webllm' as const, label: 'token double', model: 'double' };
  generated = 0;
  busyMs = 0;
  #queue: Promise<unknown> = Promise.resolve();

  constructor(private readonly perTokenMs: number) {}

  complete(request: CompletionRequest): Promise<GenerationResult> {
    const q = questionFor(request.seed ?? 0);
    const cut = q.kind === 'cutoff';
    const text = cut
      ? words(request.maxTokens, 'and')
      : `${q.text}<|im_end|>`.split('<|im_end|>')[0]!;
    return this.#serve([{ text, finishReason: cut ? 'length' : 'stop' }]);
  }

  chat(request: ChatRequest): Promise<GenerationResult> {
    const user = request.messages.at(-1)!.content;
    if (request.messages[0]?.role === 'system') {
      const yes = !user.includes('A box holds some apples');
      return this.#serve([
        { text: `${words(250, 'check')}\nAnswer: ${yes ? 'Yes' : 'No'}`, finishReason: 'stop' },
      ]);
    }
    const disagree = user.startsWith('Estimate');
    const n = request.n ?? 1;
    return this.#serve(
      Array.from({ length: n }, (_, i) => ({
        text: `${words(350)} so the answer is \\boxed{${disagree ? i + 1 : 4}}.`,
        finishReason: 'stop' as const,
      })),
    );
  }

  #serve(choices: GenerationResult['choices']): Promise<GenerationResult> {
    const tokens = choices.reduce((s, c) => s + (c.text.match(/\S+/g)?.length ?? 0), 0);
    const run = this.#queue.then(async () => {
      const started = performance.now();
      await new Promise((r) => setTimeout(r, tokens * this.perTokenMs));
      this.busyMs += performance.now() - started;
      this.generated += tokens;
      return {
        model: 'double',
        choices,
        usage: { promptTokens: 50, completionTokens: tokens, latencyS: 0 },
      };
    });
    this.#queue = run;
    return run;
  }
}

/** IndexedDB writes take a few ms; the runner must not let the engine wait on them. */
class SlowStore extends MemoryRunStore {
  override async saveQuestion(...args: Parameters<MemoryRunStore['saveQuestion']>) {
    await new Promise((r) => setTimeout(r, 2));
    return super.saveQuestion(...args);
  }
}

function benchConfig(targetPairs: number): RunConfig {
  const paper = presetConfig('scalequest-paper', { targetPairs, seed: 0 });
  return {
    ...paper,
    maxAttempts: targetPairs * 10,
    dedup: { ...paper.dedup, exact: true },
    contamination: { ...paper.contamination, enabled: false },
    difficulty: {
      ...paper.difficulty,
      dropNoAgreement: true,
      dropUnanimous: 'never',
      rating: 'off',
    },
    selection: { preferMajority: true, scorer: 'off', scorerMaxTokens: 8 },
  };
}

async function ours(config: RunConfig, perTokenMs: number) {
  const engine = new TokenEngine(perTokenMs);
  const started = performance.now();
  const progress = await runPipeline({ runId: 'ours', config, engine, store: new SlowStore() });
  const wall = performance.now() - started;
  return { kept: progress.kept, tokens: engine.generated, busy: engine.busyMs / wall };
}

/** The paper's order: solve first, filter afterwards; same stage functions, same settings. */
async function papers(config: RunConfig, perTokenMs: number) {
  const engine = new TokenEngine(perTokenMs);
  const keptKeys = new Set<string>();
  for (let i = 0; i < config.maxAttempts && keptKeys.size < config.targetPairs; i++) {
    const seed = config.seed + i;
    const profile = preQueryProfiles[config.profile];
    const q = await generateQuestion(
      engine,
      profile,
      config.generation,
      seed,
      undefined,
      config.screen,
    );
    if (!q.verdict.pass) continue;
    const solved = await solveQuestion(engine, q.text, config.solve, seed);
    if (!checkLanguage(q.text, config.languageMode).pass) continue;
    if (!(await judgeSolvability(engine, q.text, config.judge, seed)).pass) continue;
    if (keptKeys.has(exactDuplicateKey(q.text))) continue;
    const answers = solved.samples.map((s) => s.answer);
    if (answers.every((a) => a === null)) continue;
    const signals = difficultySignals(agreementStats(answers));
    if (!difficultyVerdict(config.difficulty, signals, answers.length).pass) continue;
    if (selectSolution(solved.samples).chosen === null) continue;
    keptKeys.add(exactDuplicateKey(q.text));
  }
  return { kept: keptKeys.size, tokens: engine.generated };
}

export default async function (args: string[]): Promise<void> {
  const targetPairs = Number(args[0] ?? 30);
  const perTokenMs = Number(args[1] ?? 0.02);
  const config = benchConfig(targetPairs);
  const paper = await papers(config, perTokenMs);
  const our = await ours(config, perTokenMs);
  const sequential = await ours({ ...config, lookAhead: 0 }, perTokenMs);
  const perPair = (r: { kept: number; tokens: number }) => r.tokens / Math.max(1, r.kept);
  console.log(`pipeline.kept_pairs_ours=${our.kept}`);
  console.log(`pipeline.kept_pairs_paper=${paper.kept}`);
  console.log(`pipeline.tokens_per_pair_ours=${perPair(our).toFixed(0)}`);
  console.log(`pipeline.tokens_per_pair_paper=${perPair(paper).toFixed(0)}`);
  console.log(`pipeline.tokens_per_pair_ratio=${(perPair(our) / perPair(paper)).toFixed(3)}`);
  console.log(`pipeline.engine_busy=${our.busy.toFixed(3)}`);
  console.log(`pipeline.engine_busy_without_lookahead=${sequential.busy.toFixed(3)}`);
}
