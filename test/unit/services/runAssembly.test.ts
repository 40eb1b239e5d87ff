import { describe, expect, it } from 'vitest';
import { assembleRun } from '../../../src/services/runAssembly';
import { defaultRunConfig } from '../../../src/core/pipeline/runConfig';
import { engineTargets, type EngineTarget } from '../../../src/core/runs/runBackends';
import type { LlmEngine } from '../../../src/core/ports/llmEngine';
import type { SolutionScorer } from '../../../src/core/ports/solutionScorer';
import { ScriptedEngine } from '../../support/scriptedEngine';
import { MemoryRunStore } from '../../support/memoryRunStore';
import { accessTo } from '../../support/backends';

const engine = () =>
  new ScriptedEngine(
    () => ({ text: 'Q?' }),
    () => [],
  );

const targets = engineTargets(
  {
    generate: { kind: 'remote', replicas: [{ baseUrl: 'http://gpu:8000', model: 'm' }] },
    judge: { kind: 'webllm', modelId: 'Qwen' },
    // The same server written differently: one backend, one engine.
    solve: { kind: 'remote', replicas: [{ baseUrl: 'http://gpu:8000/v1/', model: 'm' }] },
    score: { kind: 'webllm', modelId: 'Qwen' },
  },
  accessTo('http://gpu:8000', 'm', 'sk-key'),
);

describe('assembleRun, the one run assembly (studio run service and scalequest run)', () => {
  it('builds one engine per distinct target, wraps it once and shares it among its roles', async () => {
    const built: EngineTarget[] = [];
    const wrapped = new Map<LlmEngine, LlmEngine>();
    const { options, engines } = await assembleRun({
      runId: 'r',
      config: defaultRunConfig(),
      targets,
      createEngine: (target) => (built.push(target), engine()),
      wrapEngine: (inner) => {
        const outer = engine();
        wrapped.set(inner, outer);
        return outer;
      },
      indexes: () => ({}),
      store: new MemoryRunStore(),
    });
    expect(built.map((t) => t.key)).toEqual(['remote:http://gpu:8000/v1|m', 'webllm:Qwen']);
    expect(built[0]).toMatchObject({ endpoints: [{ apiKey: 'sk-key' }] });
    expect(engines.map((e) => e.roles)).toEqual([
      ['generate', 'solve'],
      ['judge', 'score'],
    ]);
    const [remote, local] = engines;
    expect(options.engines).toEqual({
      generate: wrapped.get(remote!.engine),
      judge: wrapped.get(local!.engine),
      solve: wrapped.get(remote!.engine),
      score: wrapped.get(local!.engine),
    });
    expect(options.engine).toBe(options.engines!.generate);
    expect(options).not.toHaveProperty('scorer');
  });

  it('asks for the reward model only when the config selects with one, and builds no indexes for a run without engines', async () => {
    const scorer: SolutionScorer = { score: () => Promise.resolve([]) } as never;
    let asked = 0;
    const config = defaultRunConfig();
    const input = {
      runId: 'r',
      targets,
      createEngine: engine,
      indexes: () => ({}),
      rewardModel: () => (asked++, scorer),
      store: new MemoryRunStore(),
    };
    const judged = await assembleRun({ ...input, config });
    expect([judged.options.scorer, asked]).toEqual([undefined, 0]);
    const rewarded = await assembleRun({
      ...input,
      config: { ...config, selection: { ...config.selection, scorer: 'reward-model' } },
    });
    expect([rewarded.options.scorer, asked]).toEqual([scorer, 1]);

    let indexed = false;
    const failing = assembleRun({
      ...input,
      config,
      createEngine: () => {
        throw new Error('Qwen was not loaded when the run started.');
      },
      indexes: () => ((indexed = true), {}),
    });
    await expect(failing).rejects.toThrow('not loaded');
    expect(indexed).toBe(false);
  });
});
