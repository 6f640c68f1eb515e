// The shared extraction corpus (../shared/extraction beside the repository): where it is, and
// scoring the extractor on one of its sets with the shared scorer, as the evaluation does.
// Tools read the articles from there; they are never copied into the project.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { extract, type ExtractOptions } from './index.ts';

/**
 * The corpus directory: ACCORD_EXTRACTION_CORPUS, else the nearest `shared/extraction` found
 * walking up from this file (a checkout at /work/main or a worktree at /work/wt/NAME both find
 * /work/shared/extraction). Null when there is none.
 */
export function corpusDir(): string | null {
  const fromEnv = process.env.ACCORD_EXTRACTION_CORPUS;
  if (fromEnv) return existsSync(fromEnv) ? fromEnv : null;
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const candidate = join(dir, 'shared', 'extraction');
    if (existsSync(join(candidate, 'score.mjs'))) return candidate;
    const up = dirname(dir);
    if (up === dir) return null;
    dir = up;
  }
}

/** A set's directory: a shared set by name ("dev", "dev-b"), or a path to one ("src/extract/testdata/own"). */
export function setDir(set: string): string {
  if (set.includes('/')) return set;
  const root = corpusDir();
  if (!root) throw new Error('the shared extraction corpus was not found (set ACCORD_EXTRACTION_CORPUS)');
  return join(root, set);
}

/** The articles of one set, sorted by file name. */
export function corpusArticles(set: string): { file: string; text: string }[] {
  const dir = setDir(set);
  return readdirSync(dir)
    .filter((f) => f.endsWith('.txt'))
    .sort()
    .map((file) => ({ file, text: readFileSync(join(dir, file), 'utf8') }));
}

export interface PartScore {
  precision: number;
  recall: number;
  f1: number;
  tp: number;
  fp: number;
  fn: number;
}

export interface SetScore {
  files: number;
  events: PartScore;
  people: PartScore;
  organizations: PartScore;
  overall: PartScore;
}

/** Extracts every article of a set in process and scores the output with the shared score.mjs. */
export function scoreSet(set: string, options: ExtractOptions = {}): SetScore {
  const root = corpusDir();
  if (!root) throw new Error('the shared extraction corpus was not found (set ACCORD_EXTRACTION_CORPUS)');
  const out = mkdtempSync(join(tmpdir(), 'extract-score-'));
  try {
    for (const { file, text } of corpusArticles(set)) {
      writeFileSync(join(out, file.replace(/\.txt$/, '.json')), JSON.stringify(extract(text, options)));
    }
    const report = execFileSync(process.execPath, [join(root, 'score.mjs'), setDir(set), out, '--json'], { encoding: 'utf8' });
    return JSON.parse(report.slice(0, report.lastIndexOf('}') + 1)) as SetScore;
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}
