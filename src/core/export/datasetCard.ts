import { STAGE_LABELS } from '../pipeline/stageLabels';
import { markdownCode, markdownText, safeLinkTarget } from '../text/markdown';
import { formatCount, isUnlimited, plural } from '../text/numbers';
import type {
  CardDataFile,
  CardRun,
  DatasetCardInput,
  ReviewRule,
  ReviewTally,
} from './datasetCardInput';
import { redactSecrets } from './redactSecrets';
import type { FunnelStage } from './runFunnel';
import type { YamlValue } from './yamlFrontMatter';
import { yamlFrontMatter } from './yamlFrontMatter';

/** The Hub's size buckets. */
export function sizeCategory(n: number): string {
  const buckets: [number, string][] = [
    [1e3, 'n<1K'],
    [1e4, '1K<n<10K'],
    [1e5, '10K<n<100K'],
    [1e6, '100K<n<1M'],
    [1e7, '1M<n<10M'],
    [1e8, '10M<n<100M'],
  ];
  return buckets.find(([limit]) => n < limit)?.[1] ?? 'n>1T';
}

function configsYaml(files: CardDataFile[]): YamlValue {
  const byConfig = new Map<string, CardDataFile[]>();
  for (const f of files) {
    const name = f.config ?? 'default';
    byConfig.set(name, [...(byConfig.get(name) ?? []), f]);
  }
  return [...byConfig].map(([name, group]) => ({
    config_name: name,
    data_files: group.map((f) => ({ split: f.split ?? 'train', path: f.path })),
  }));
}

function frontMatter(card: DatasetCardInput): string {
  return yamlFrontMatter({
    license: card.license,
    task_categories: ['question-answering', 'text-generation'],
    language: card.languages ?? ['en'],
    size_categories: [sizeCategory(card.pairCount)],
    tags: ['math', 'synthetic', 'scalequest', ...(card.tags ?? [])],
    pretty_name: card.title,
    configs: configsYaml(card.dataFiles),
  });
}

/** Markdown table cell: escaped text, and pipes and line breaks would break the row anyway. */
function cell(value: unknown): string {
  return markdownText(value);
}

/** `a.b.c → value` rows for every leaf of a nested settings object. */
export function flattenSettings(value: unknown, prefix = ''): [string, unknown][] {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return [[prefix || '(value)', value]];
  }
  return Object.entries(value).flatMap(([k, v]) =>
    typeof v === 'object' && v !== null && !Array.isArray(v)
      ? flattenSettings(v, prefix ? `${prefix}.${k}` : k)
      : [[prefix ? `${prefix}.${k}` : k, v] as [string, unknown]],
  );
}

/** A setting's value as read: bounds that stand for "none" say so instead of a sentinel number. */
function settingValue(value: unknown): unknown {
  return typeof value === 'number' && isUnlimited(value) ? 'no limit' : value;
}

function funnelTable(funnel: FunnelStage[]): string[] {
  const rows = funnel.map((s) => {
    const reasons = s.reasons
      .map(({ reason, count }) => `${reason}: ${formatCount(count)}`)
      .join('; ');
    const label = STAGE_LABELS[s.stage];
    return `| ${cell(label)} | ${formatCount(s.reached)} | ${formatCount(s.passed)} | ${formatCount(s.failed)} | ${formatCount(s.skipped)} | ${reasons ? cell(reasons) : '—'} |`;
  });
  return [
    '| Stage | Reached | Passed | Rejected | Skipped (did not run) | Reasons for rejection |',
    '|---|---:|---:|---:|---:|---|',
    ...rows,
  ];
}

function checksSection(run: CardRun): string[] {
  const { ran, notRun } = run.checks;
  const rows = ran.map(
    (c) =>
      `| ${cell(c.label)} | ${cell(c.settings)} | ${formatCount(c.ran)} | ${formatCount(c.rejected)}${c.note ? ` (${cell(c.note)})` : ''} |`,
  );
  const skipped = notRun.map(
    (c) =>
      `- ${cell(c.label)} did not run for ${plural(c.skipped, 'attempt')}: ${cell(c.reasons.join('; ') || 'off')}.`,
  );
  return [
    '#### Checks that ran',
    '',
    ...(ran.length
      ? ['| Check | Settings | Ran on | Rejected |', '|---|---|---:|---:|', ...rows]
      : ['No check ran.']),
    '',
    ...(skipped.length
      ? ['Not run (counted as skipped, never as passed):', '', ...skipped, '']
      : []),
  ];
}

const included = (rule: ReviewRule, t: ReviewTally) =>
  rule === 'accepted-only'
    ? t.accepted
    : rule === 'no-review'
      ? t.accepted + t.pending + t.rejected
      : t.accepted + t.pending;

/** One line on what each review state contributed. */
function reviewLine(rule: ReviewRule, t: ReviewTally): string {
  if (rule === 'no-review') return `${plural(included(rule, t), 'kept pair')}, not reviewed`;
  const parts = [`${formatCount(t.accepted)} accepted`];
  if (rule === 'exclude-rejected') parts.push(`${formatCount(t.pending)} not reviewed`);
  const left = rule === 'accepted-only' ? [`${formatCount(t.pending)} not reviewed`] : [];
  left.push(`${formatCount(t.rejected)} rejected`);
  const edited = t.edited ? `; ${plural(t.edited, 'pair')} written with a person’s edits` : '';
  return `${parts.join(' + ')} included; left out: ${left.join(', ')}${edited}`;
}

const RULE_TEXT: Record<ReviewRule, string> = {
  'exclude-rejected':
    'every kept pair except those rejected in review; a person’s edits replace the model’s text (the originals stay in the studio)',
  'accepted-only':
    'only pairs accepted in review; a person’s edits replace the model’s text (the originals stay in the studio)',
  'no-review': 'no review step: every pair the pipeline kept, as it chose it',
};

function sumTallies(runs: CardRun[]): ReviewTally {
  return runs.reduce(
    (sum, r) => ({
      accepted: sum.accepted + r.review.accepted,
      pending: sum.pending + r.review.pending,
      rejected: sum.rejected + r.review.rejected,
      edited: sum.edited + r.review.edited,
      flagged: sum.flagged + r.review.flagged,
    }),
    { accepted: 0, pending: 0, rejected: 0, edited: 0, flagged: 0 },
  );
}

function runSection(run: CardRun, rule: ReviewRule): string[] {
  const title = run.name ? `${cell(run.name)} (${markdownCode(run.id)})` : markdownCode(run.id);
  const facts = [
    `- Seed: ${run.seed} (attempt *i* uses seed + *i* on a server, a fixed mix of seed and *i* on local WebLLM models)`,
    `- Pairs kept by the pipeline: ${formatCount(run.kept)}`,
    `- In this export: ${reviewLine(rule, run.review)}`,
    ...(run.startedAt ? [`- Started: ${cell(run.startedAt)}`] : []),
    ...(run.appVersion ? [`- ScaleQuest Studio version: ${cell(run.appVersion)}`] : []),
  ];
  const settings = flattenSettings(run.settings).map(
    ([k, v]) => `| ${cell(k)} | ${cell(settingValue(v))} |`,
  );
  return [
    `### Run ${title}`,
    '',
    ...facts,
    '',
    ...checksSection(run),
    '#### Funnel',
    '',
    ...funnelTable(run.funnel),
    '',
    '#### Settings',
    '',
    '| Setting | Value |',
    '|---|---|',
    ...settings,
    '',
  ];
}

function modelsSection(card: DatasetCardInput): string[] {
  const rows = card.models.map((m) => {
    const target = safeLinkTarget(m.url);
    const name = target ? `[${cell(m.name)}](${target})` : cell(m.name);
    return `| ${cell(m.role)} | ${name} | ${cell(m.license ?? 'see the model card')} |`;
  });
  return ['## Models', '', '| Role | Model | License |', '|---|---|---|', ...rows, ''];
}

function filesSection(card: DatasetCardInput): string[] {
  const rows = card.dataFiles.map(
    (f) =>
      `| ${markdownCode(f.path)} | ${cell(f.config ?? 'default')} | ${cell(f.split ?? 'train')} | ${cell(f.layout)} |`,
  );
  return ['## Files', '', '| File | Config | Split | Layout |', '|---|---|---|---|', ...rows, ''];
}

/** What the contamination check compared with and found, across runs (only runs where it ran). */
function contaminationLines(card: DatasetCardInput): string[] {
  const checked = card.runs.filter((r) => r.contamination);
  if (!checked.length)
    return ['No contamination check against benchmark test sets ran on these questions.', ''];
  const sets = new Map<string, string | undefined>();
  const sizes = new Set<number>();
  let questions = 0;
  let overlapping = 0;
  let dropped = 0;
  let keptFlagged = 0;
  for (const run of checked) {
    const c = run.contamination!;
    sizes.add(c.ngram);
    for (const set of c.sets) sets.set(set.name, set.description);
    questions += c.checked;
    overlapping += c.overlapping;
    dropped += c.dropped;
    if (c.action === 'flag') keptFlagged += run.review.flagged;
  }
  const ngram = [...sizes].map((n) => `${n}-grams`).join(' / ');
  const partial = checked.length < card.runs.length ? ' (in the runs whose checks list it)' : '';
  const unchecked = card.runs
    .filter((r) => !r.contamination)
    .reduce((sum, r) => sum + r.review.accepted + r.review.pending, 0);
  const elsewhere = overlapping - dropped - keptFlagged;
  const found = !overlapping
    ? 'None of them overlaps those sets.'
    : `${plural(overlapping, 'question')} overlapped ${overlapping === 1 ? 'one of those sets' : 'those sets'}: ` +
      `${formatCount(dropped)} dropped by the run settings, ` +
      `${formatCount(keptFlagged)} kept and flagged in this data` +
      (elsewhere > 0
        ? ` (${formatCount(elsewhere)} rejected at a later stage or left out of this export).`
        : '.');
  return [
    `${plural(questions, 'generated question')} ${questions === 1 ? 'was' : 'were'} checked for contamination${partial} by word ${ngram} shared with these reference sets:`,
    '',
    ...[...sets].map(([name, d]) => `- ${cell(name)}${d ? `: ${cell(d)}` : ''}`),
    '',
    found,
    '',
    keptFlagged
      ? `The ${plural(keptFlagged, 'flagged pair')} ${keptFlagged === 1 ? 'is' : 'are'} marked \`contaminated: true\` (with \`contamination_source\` and \`contamination_overlap\`) in the data files; leave ${keptFlagged === 1 ? 'it' : 'them'} out before training a model you will evaluate on those benchmarks.`
      : unchecked
        ? `No pair of the checked runs in this data overlaps those sets; ${plural(unchecked, 'pair')} of other runs ${unchecked === 1 ? 'was' : 'were'} not checked.`
        : 'No pair in this data overlaps those sets.',
    '',
  ];
}

function licenseSection(card: DatasetCardInput): string[] {
  return [
    '## License',
    '',
    `The questions and answers were written by the models listed above, so their licenses and terms ` +
      `of use apply to this data; the front matter records ${markdownCode(card.license)}. Check each model's ` +
      'license before training on or redistributing the data.',
    '',
    '## Contamination',
    '',
    ...contaminationLines(card),
  ];
}

function loadingSection(card: DatasetCardInput): string[] {
  const first = card.dataFiles[0];
  const parquet = card.dataFiles.find((f) => f.path.endsWith('.parquet'));
  const jsonl = card.dataFiles.find((f) => f.path.endsWith('.jsonl'));
  return [
    '## How to load',
    '',
    '```python',
    'from datasets import load_dataset',
    '',
    ...(card.repoId
      ? ['# from the Hub', `ds = load_dataset(${JSON.stringify(card.repoId)}, split="train")`]
      : []),
    '# from the downloaded files',
    ...(parquet
      ? [`ds = load_dataset("parquet", data_files=${JSON.stringify(parquet.path)}, split="train")`]
      : []),
    ...(jsonl
      ? [`ds = load_dataset("json", data_files=${JSON.stringify(jsonl.path)}, split="train")`]
      : []),
    ...(!parquet && !jsonl && first
      ? [`ds = load_dataset(".", data_files=${JSON.stringify(first.path)}, split="train")`]
      : []),
    '```',
    '',
  ];
}

/**
 * The dataset card (`README.md`): Hub front matter, the review rule and what each review state
 * contributed, files, models, every run's checks (only those that ran, with settings and counts),
 * funnel and settings, the license, the contamination reference sets and loading instructions.
 * Credentials are removed from the input first; every text from a name, a setting or model output
 * is escaped, so no markdown viewer renders it as HTML or a link.
 */
export function datasetCard(input: DatasetCardInput): string {
  const card = redactSecrets(input);
  const intro = [
    `# ${cell(card.title)}`,
    '',
    card.description !== undefined
      ? cell(card.description)
      : 'Math question–answer pairs generated with the ScaleQuest method in ScaleQuest Studio.',
    '',
    `- Pairs: ${formatCount(card.pairCount)}`,
    `- Review rule: ${RULE_TEXT[card.reviewRule]}`,
    `- Pairs by review state: ${reviewLine(card.reviewRule, sumTallies(card.runs))}`,
    ...(card.createdAt ? [`- Created: ${cell(card.createdAt)}`] : []),
    ...(card.appVersion ? [`- ScaleQuest Studio version: ${cell(card.appVersion)}`] : []),
    '',
  ];
  const body = [
    ...intro,
    ...filesSection(card),
    ...modelsSection(card),
    '## Runs',
    '',
    ...card.runs.flatMap((run) => runSection(run, card.reviewRule)),
    ...licenseSection(card),
    ...loadingSection(card),
  ];
  return `${frontMatter(card)}\n${body.join('\n')}`;
}
