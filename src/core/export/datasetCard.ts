import type { CardDataFile, CardRun, DatasetCardInput, FunnelStageCount } from './datasetCardInput';
import { redactSecrets } from './redactSecrets';
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

/** Markdown table cell: pipes and line breaks would break the row. */
function cell(value: unknown): string {
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  return (text ?? '').replace(/\\/g, '\\\\').replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');
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

function funnelTable(funnel: FunnelStageCount[]): string[] {
  const rows = funnel.map((s) => {
    const reasons = Object.entries(s.reasons ?? {})
      .sort((a, b) => b[1] - a[1])
      .map(([reason, n]) => `${reason}: ${n}`)
      .join('; ');
    return `| ${cell(s.stage)} | ${s.entered} | ${s.passed} | ${s.rejected} | ${cell(reasons || '—')} |`;
  });
  return ['| Stage | In | Passed | Rejected | Reasons |', '|---|---:|---:|---:|---|', ...rows];
}

function runSection(run: CardRun): string[] {
  const title = run.name ? `${cell(run.name)} (\`${run.id}\`)` : `\`${run.id}\``;
  const facts = [
    `- Seed: ${run.seed} (attempt *i* uses seed + *i* on a server, a fixed mix of seed and *i* on local WebLLM models)`,
    `- Pairs kept: ${run.kept}`,
    ...(run.startedAt ? [`- Started: ${run.startedAt}`] : []),
    ...(run.appVersion ? [`- ScaleQuest Studio version: ${run.appVersion}`] : []),
  ];
  const settings = flattenSettings(run.settings).map(([k, v]) => `| ${cell(k)} | ${cell(v)} |`);
  return [
    `### Run ${title}`,
    '',
    ...facts,
    '',
    '#### Settings',
    '',
    '| Setting | Value |',
    '|---|---|',
    ...settings,
    '',
    '#### Funnel',
    '',
    ...funnelTable(run.funnel),
    '',
  ];
}

function modelsSection(card: DatasetCardInput): string[] {
  const rows = card.models.map(
    (m) =>
      `| ${cell(m.role)} | ${m.url ? `[${cell(m.name)}](${m.url})` : cell(m.name)} | ${cell(m.license ?? 'see the model card')} |`,
  );
  return ['## Models', '', '| Role | Model | License |', '|---|---|---|', ...rows, ''];
}

function filesSection(card: DatasetCardInput): string[] {
  const rows = card.dataFiles.map(
    (f) =>
      `| \`${cell(f.path)}\` | ${cell(f.config ?? 'default')} | ${cell(f.split ?? 'train')} | ${cell(f.layout)} |`,
  );
  return ['## Files', '', '| File | Config | Split | Layout |', '|---|---|---|---|', ...rows, ''];
}

function licenseSection(card: DatasetCardInput): string[] {
  return [
    '## License',
    '',
    `The questions and answers were written by the models listed above, so their licenses and terms ` +
      `of use apply to this data; the front matter records \`${card.license}\`. Check each model's ` +
      'license before training on or redistributing the data.',
    '',
    'No rows from public benchmarks (GSM8K, MATH, OlympiadBench, …) are included; they were used ' +
      'only as reference sets to check the generated questions for contamination.',
    '',
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
 * The dataset card (`README.md`): Hub front matter, then models, every run's settings, seed and
 * funnel, the license note and loading instructions. Credentials are removed from the input first.
 */
export function datasetCard(input: DatasetCardInput): string {
  const card = redactSecrets(input);
  const intro = [
    `# ${card.title}`,
    '',
    card.description ??
      'Math question–answer pairs generated with the ScaleQuest method in ScaleQuest Studio.',
    '',
    `- Pairs: ${card.pairCount}${card.onlyAccepted ? ' (only pairs accepted in review)' : ''}`,
    ...(card.createdAt ? [`- Created: ${card.createdAt}`] : []),
    ...(card.appVersion ? [`- ScaleQuest Studio version: ${card.appVersion}`] : []),
    '',
  ];
  const body = [
    ...intro,
    ...filesSection(card),
    ...modelsSection(card),
    '## Runs',
    '',
    ...card.runs.flatMap(runSection),
    ...licenseSection(card),
    ...loadingSection(card),
  ];
  return `${frontMatter(card)}\n${body.join('\n')}`;
}
