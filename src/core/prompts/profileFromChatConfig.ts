/**
 * Derives a pre-query profile from a model's own `mlc-chat-config.json` conversation template,
 * rendering a first user turn the way WebLLM's `Conversation.getPromptArray` does. Falls back to
 * the named family when the config has no usable template.
 */
import { preQueryProfiles } from './preQueryProfiles';
import type { ModelFamily, PreQueryProfile } from './preQueryProfiles';

/** The subset of mlc-llm's ConvTemplateConfig this derivation reads. */
export interface ConvTemplateLike {
  name?: string;
  system_template?: string;
  system_message?: string;
  roles?: Record<string, string>;
  role_templates?: Record<string, string>;
  seps?: string[];
  role_content_sep?: string;
  role_empty_sep?: string;
  stop_str?: string[];
  stop_token_ids?: number[];
  system_prefix_token_ids?: number[];
  add_role_after_system_message?: boolean;
  render_empty_system_message?: boolean;
}

export interface ChatConfigLike {
  conv_template?: ConvTemplateLike | string;
}

export interface DerivedProfile extends PreQueryProfile {
  /** 'config' when rendered from the model's template, 'family' when the fallback was used. */
  source: 'config' | 'family';
  /** The conv_template's name in mlc-chat-config.json. */
  templateName?: string;
  /** Its system template and default system message, as the config states them. */
  systemTemplate?: string;
  systemMessage?: string;
  /** Role names as the template writes them (role tokens included). */
  roles?: Record<string, string>;
  /**
   * Token ids that end generation. WebLLM applies them itself on every request (raw
   * completions too); they are kept to show what stops the model.
   */
  stopTokenIds?: number[];
}

const SYSTEM_PLACEHOLDER = '{system_message}';
const USER_PLACEHOLDER = '{user_message}';

/** BOS token ids whose text is unambiguous in the vocabularies that use them. */
const BOS_TEXT_BY_ID: Record<number, string> = {
  100000: '<\uFF5Cbegin\u2581of\u2581sentence\uFF5C>',
  128000: '<|begin_of_text|>',
};

/** mlc-llm template names → profile family. */
export function familyFromTemplateName(name: string | undefined): ModelFamily | undefined {
  if (!name) return undefined;
  const n = name.toLowerCase();
  if (n.startsWith('deepseek_r1')) return 'deepseek_r1';
  if (n.startsWith('deepseek')) return 'deepseek';
  if (n.startsWith('llama-3_2') || n.startsWith('llama-3.2')) return 'llama3_2';
  if (n.startsWith('llama-3_1') || n.startsWith('llama-3.1')) return 'llama3_1';
  if (n.startsWith('llama-3')) return 'llama3';
  if (n.startsWith('phi-3')) return 'phi3';
  if (n.startsWith('mistral')) return 'mistral';
  if (n === 'qwen2') return 'qwen2';
  return undefined;
}

function unique(values: string[]): string[] {
  return [...new Set(values.filter((v) => v !== ''))];
}

function bosText(ids: number[] | undefined, family: ModelFamily): string | undefined {
  if (!ids || ids.length === 0) return '';
  if (ids.length !== 1) return undefined;
  const id = ids[0] as number;
  if (id in BOS_TEXT_BY_ID) return BOS_TEXT_BY_ID[id];
  // Token 1 is <s> only in the Llama-2/Mistral vocabulary (SmolLM2 uses it for <|im_start|>).
  if (id === 1 && family === 'mistral') return '<s>';
  return undefined;
}

function renderPrefix(t: ConvTemplateLike, bos: string): string | undefined {
  const userRole = t.roles?.user;
  if (t.system_template === undefined || userRole === undefined) return undefined;
  const message = t.system_message ?? '';
  const system =
    message === '' && t.render_empty_system_message === false
      ? ''
      : t.system_template.replace(SYSTEM_PLACEHOLDER, message);
  const contentSep = t.role_content_sep ?? ': ';
  const rolePrefix =
    t.add_role_after_system_message === false && system !== '' ? '' : userRole + contentSep;
  const userTemplate = t.role_templates?.user;
  const beforeContent = userTemplate ? (userTemplate.split(USER_PLACEHOLDER)[0] ?? '') : '';
  return bos + system + rolePrefix + beforeContent;
}

/** The text that closes a user turn: the first separator, or the assistant header after it. */
function turnEnd(t: ConvTemplateLike): string {
  const sep = t.seps?.[0] ?? '';
  if (sep.trim() !== '') return sep.trim();
  const assistant = t.roles?.assistant ?? '';
  return assistant === '' ? '' : sep + assistant + (t.role_empty_sep ?? ': ').trimEnd();
}

export function profileFromChatConfig(
  config: ChatConfigLike | undefined,
  fallback: ModelFamily,
): DerivedProfile {
  const template = config?.conv_template;
  const base = preQueryProfiles[fallback];
  const fallbackProfile: DerivedProfile = { ...base, source: 'family' };
  if (typeof template !== 'object' || template === null) return fallbackProfile;
  const family = familyFromTemplateName(template.name) ?? fallback;
  const bos = bosText(template.system_prefix_token_ids, family);
  if (bos === undefined) return fallbackProfile;
  const prefix = renderPrefix(template, bos);
  if (prefix === undefined) return fallbackProfile;
  const stop = unique([...(template.stop_str ?? []), turnEnd(template)]);
  const roles = Object.values(template.roles ?? {}).map((r) => r.trim());
  const derived: DerivedProfile = {
    family,
    label: `From the model's mlc-chat-config.json${template.name ? ` (conv_template ${template.name})` : ''}`,
    prefix,
    stop,
    templateTokens: unique([...stop, ...roles.filter((r) => /[<[|]/.test(r)), bos]),
    source: 'config',
  };
  if (template.name) derived.templateName = template.name;
  if (template.system_template !== undefined) derived.systemTemplate = template.system_template;
  if (template.system_message !== undefined) derived.systemMessage = template.system_message;
  if (template.roles) derived.roles = { ...template.roles };
  if (template.stop_token_ids?.length) derived.stopTokenIds = [...template.stop_token_ids];
  return derived;
}
