import type {
  ChatRequest,
  CompletionRequest,
  GenerationResult,
  LlmEngine,
} from '../../src/core/ports/llmEngine';

/**
 * Answers a judge-style request (one with a system message that is not the solver's: solvability,
 * rating, grading), or
 * undefined to fall through to the default: "Answer: Yes" for reasoning, "Yes" for one token.
 */
export type JudgeScript = (request: ChatRequest) => GenerationResult['choices'][number] | undefined;

/** A test double: answers from scripts keyed by the request, counting calls. Lives in test/ only. */
export class ScriptedEngine implements LlmEngine {
  readonly info = { kind: 'remote' as const, label: 'scripted', model: 'scripted' };
  completeCalls: CompletionRequest[] = [];
  chatCalls: ChatRequest[] = [];
  /** Judge-style calls (with a system message), also counted in chatCalls. */
  judgeCalls: ChatRequest[] = [];

  constructor(
    private readonly questionFor: (seed: number) => { text: string; finish?: 'stop' | 'length' },
    private readonly solutionsFor: (question: string, n: number, seed: number) => string[],
    private readonly beforeChat?: (call: number, signal?: AbortSignal) => void,
    private readonly judge?: JudgeScript,
  ) {}

  complete(request: CompletionRequest): Promise<GenerationResult> {
    this.completeCalls.push(request);
    const q = this.questionFor(request.seed ?? 0);
    return Promise.resolve({
      model: 'scripted',
      choices: [{ text: q.text, finishReason: q.finish ?? 'stop' }],
      usage: { promptTokens: 10, completionTokens: q.text.split(/\s+/).length, latencyS: 0 },
    });
  }

  chat(request: ChatRequest, signal?: AbortSignal): Promise<GenerationResult> {
    this.chatCalls.push(request);
    this.beforeChat?.(this.chatCalls.length, signal);
    // The paper's solver also sends a system message; its user turn ends with the solve instruction
    const solving = request.messages.at(-1)?.content.includes('put your final answer within');
    if (request.messages[0]?.role === 'system' && !solving) {
      this.judgeCalls.push(request);
      const choice = this.judge?.(request) ?? {
        text: request.maxTokens === 1 ? 'Yes' : 'It is well posed.\nAnswer: Yes',
        finishReason: 'stop' as const,
      };
      return Promise.resolve({
        model: 'scripted',
        choices: [choice],
        usage: { promptTokens: 30, completionTokens: request.maxTokens === 1 ? 1 : 5, latencyS: 0 },
      });
    }
    const question = request.messages.at(-1)?.content.split('\n')[0] ?? '';
    const texts = this.solutionsFor(question, request.n ?? 1, request.seed ?? 0);
    return Promise.resolve({
      model: 'scripted',
      choices: texts.map((text) => ({ text, finishReason: 'stop' as const })),
      usage: { promptTokens: 20, completionTokens: texts.length * 10, latencyS: 0 },
    });
  }
}
