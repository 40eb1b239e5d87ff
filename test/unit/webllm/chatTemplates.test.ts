/**
 * Every pre-query profile against its model's own chat template: the template (from the
 * model's tokenizer_config.json, see test/fixtures/chatTemplates/) is rendered with one user
 * message, and the profile's prefix must be exactly what comes before that message. What the
 * template writes right after the message must start with one of the profile's stops, so a
 * generated question ends where the model ends a user turn.
 */
import { readFileSync } from 'node:fs';
import { Template } from '@huggingface/jinja';
import { describe, expect, it } from 'vitest';
import { preQueryProfiles, type ModelFamily } from '../../../src/core/prompts/preQueryProfiles';

interface TemplateFixture {
  model: string;
  source: string;
  bos_token: string | null;
  eos_token: string | null;
  chat_template: string;
}

const dir = new URL('../../fixtures/chatTemplates/', import.meta.url);
const fixture = (family: ModelFamily): TemplateFixture =>
  JSON.parse(readFileSync(new URL(`${family}.json`, dir), 'utf8')) as TemplateFixture;

/** Which fixture renders each family (Llama-3.2 and 3.1 share the profile text, not the file). */
const FIXTURE: Record<ModelFamily, ModelFamily> = {
  qwen2: 'qwen2',
  qwen2_5: 'qwen2_5',
  qwen2_5_math: 'qwen2_5_math',
  deepseek: 'deepseek',
  deepseek_r1: 'deepseek_r1',
  llama3: 'llama3',
  llama3_1: 'llama3_1',
  llama3_2: 'llama3_2',
  phi3: 'phi3',
  mistral: 'mistral',
  smollm2: 'smollm2',
};

const QUESTION = 'QUESTION-SENTINEL 7 apples and 5 pears: how many fruits?';

/**
 * The profiles pin the Llama date to the templates' own default ("26 Jul 2024", what 3.1
 * always writes without a date_string): a run's prompt must not change from day to day. The
 * 3.2 template writes today's date when the renderer offers strftime_now (as this one and
 * transformers do), so it is rendered with that default as its date_string here, and checked
 * separately to differ in nothing but the date.
 */
const PINNED_DATE = '26 Jul 2024';

function render(t: TemplateFixture, addGenerationPrompt: boolean, pinDate = true): string {
  return new Template(t.chat_template).render({
    messages: [{ role: 'user', content: QUESTION }],
    bos_token: t.bos_token ?? '',
    eos_token: t.eos_token ?? '',
    add_generation_prompt: addGenerationPrompt,
    ...(pinDate ? { date_string: PINNED_DATE } : {}),
  });
}

describe("pre-query profiles match each model's real chat template", () => {
  it('has a template fixture for every profile', () => {
    expect(Object.keys(FIXTURE).sort()).toEqual(Object.keys(preQueryProfiles).sort());
  });

  for (const family of Object.keys(preQueryProfiles) as ModelFamily[]) {
    it(`${family}: the prefix is exactly the opening of a user turn`, () => {
      const t = fixture(FIXTURE[family]);
      const profile = preQueryProfiles[family];
      for (const generation of [false, true]) {
        const out = render(t, generation);
        const at = out.indexOf(QUESTION);
        expect(at, `${t.model} renders the user message`).toBeGreaterThanOrEqual(0);
        expect(out.slice(0, at)).toBe(profile.prefix);
      }
      const after = render(t, true).slice(render(t, true).indexOf(QUESTION) + QUESTION.length);
      expect(
        profile.stop.some((stop) => after.startsWith(stop)),
        `${t.model} ends the user turn with ${JSON.stringify(after.slice(0, 30))}`,
      ).toBe(true);
    });
  }

  it("Llama 3.2 rendered with today's date differs from the profile only in the date", () => {
    const out = render(fixture('llama3_2'), false, false);
    const opening = out.slice(0, out.indexOf(QUESTION));
    expect(
      opening.replace(/Today Date: \d{2} [A-Z][a-z]{2} \d{4}/, `Today Date: ${PINNED_DATE}`),
    ).toBe(preQueryProfiles.llama3_2.prefix);
    // 3.1 has no strftime_now branch: without a date_string it writes the pinned date itself.
    const t31 = fixture('llama3_1');
    expect(render(t31, false, false)).toBe(render(t31, false, true));
  });

  it('Llama 3.1 and 3.2 open with the system block holding the knowledge cutoff', () => {
    for (const family of ['llama3_1', 'llama3_2'] as const)
      expect(preQueryProfiles[family].prefix).toContain(
        '<|start_header_id|>system<|end_header_id|>\n\nCutting Knowledge Date: December 2023\nToday Date: 26 Jul 2024\n\n<|eot_id|>',
      );
  });

  it('Phi-3/3.5 opens a user turn and stops at its end-of-turn tokens', () => {
    expect(preQueryProfiles.phi3.prefix).toBe('<|user|>\n');
    expect(preQueryProfiles.phi3.stop).toEqual(['<|end|>', '<|endoftext|>', '<|assistant|>']);
  });
});
