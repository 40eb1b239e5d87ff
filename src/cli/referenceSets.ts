import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { BUILT_IN_REFERENCE_SETS, questionLines } from '../core/filters/benchmarkSets';

/** A benchmark test set used as a contamination reference. */
export interface ReferenceSet {
  source: string;
  texts: string[];
}

/** The repository's reference-sets/ folder (the files the studio's build carries too). */
const BUILT_IN_DIR = new URL('../../reference-sets/', import.meta.url);

/** The built-in benchmark test sets, read from the files the repository carries. */
export function loadBuiltInReferenceSets(): ReferenceSet[] {
  return BUILT_IN_REFERENCE_SETS.map(({ source, file }) => ({
    source,
    texts: questionLines(gunzipSync(readFileSync(new URL(file, BUILT_IN_DIR))).toString('utf8')),
  }));
}

/** Reads one string field from every line of a JSONL file. */
export function readJsonlField(path: string, field: string): string[] {
  const texts: string[] = [];
  for (const line of readFileSync(path, 'utf8').split('\n')) {
    if (line.trim() === '') continue;
    const value = (JSON.parse(line) as Record<string, unknown>)[field];
    if (typeof value === 'string') texts.push(value);
  }
  return texts;
}
