// Command line: extract one JSON object per article file, to stdout or into a directory.
//   npx tsx src/extract/cli.ts [--out DIR] [--published YYYY-MM-DD] FILE...
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { basename, extname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { ExtractionInputError, extract } from './index.ts';

export interface RunExtractOptions {
  /** Directory to write NNN.json into (created if missing); stdout when absent. */
  out?: string;
  /** Publication date YYYY-MM-DD for every file, overriding their "date" lines. */
  published?: string;
}

/**
 * Extracts each file in turn. A file that cannot be read or is not usable text does not stop
 * the others; once all are done, an ExtractionInputError lists the files that failed.
 */
export async function runExtract(files: string[], opts: RunExtractOptions = {}): Promise<void> {
  if (opts.out) await mkdir(opts.out, { recursive: true });
  const failures: string[] = [];
  for (const file of files) {
    try {
      const bytes = await readFile(file);
      // Decode leniently: invalid UTF-8 becomes U+FFFD, which the extractor reports as binary.
      const text = new TextDecoder('utf-8').decode(bytes);
      const result = extract(text, opts.published === undefined ? {} : { published: opts.published });
      if (opts.out) await writeFile(join(opts.out, `${basename(file, extname(file))}.json`), `${JSON.stringify(result, null, 2)}\n`);
      else process.stdout.write(`${JSON.stringify(result)}\n`);
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (!(e instanceof ExtractionInputError) && !code) throw e;
      failures.push(`${file}: ${(e as Error).message}`);
    }
  }
  if (failures.length) throw new ExtractionInputError(`could not extract ${failures.length} of ${files.length} file(s):\n  ${failures.join('\n  ')}`);
}

function parseArgs(argv: string[]): { files: string[]; opts: RunExtractOptions } {
  const files: string[] = [];
  const opts: RunExtractOptions = {};
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i] ?? '';
    if (a === '--out') opts.out = argv[++i];
    else if (a === '--published') opts.published = argv[++i];
    else if (a.startsWith('--out=')) opts.out = a.slice(6);
    else if (a.startsWith('--published=')) opts.published = a.slice(12);
    else files.push(a);
  }
  return { files, opts };
}

async function main(): Promise<void> {
  const { files, opts } = parseArgs(process.argv.slice(2));
  if (!files.length) {
    process.stderr.write('usage: cli.ts [--out DIR] [--published YYYY-MM-DD] FILE...\n');
    process.exitCode = 2;
    return;
  }
  try {
    await runExtract(files, opts);
  } catch (e) {
    if (!(e instanceof ExtractionInputError)) throw e;
    process.stderr.write(`extract: ${e.message}\n`);
    process.exitCode = 1;
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) void main();
