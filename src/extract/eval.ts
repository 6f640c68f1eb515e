// Scores the extractor on the shared corpus sets, the figures logged in README.md.
//   npm run extract:eval [-- --ablation] [SET...]
// --ablation runs with the built-in gazetteer emptied (no known people, organisations or forums).
import { scoreSet, type SetScore } from './corpus.ts';
import { Gazetteer } from './gazetteer.ts';
import { fileURLToPath } from 'node:url';

// Articles written for this project (not in the shared corpus), annotated by CONVENTIONS.md.
const OWN = ['own', 'own-b', 'own-c', 'own-d'].map((set) => fileURLToPath(new URL(`./testdata/${set}`, import.meta.url)));

const args = process.argv.slice(2);
const ablation = args.includes('--ablation');
const sets = args.filter((a) => !a.startsWith('--'));
const options = ablation ? { gazetteer: new Gazetteer() } : {};
const f = (x: number) => x.toFixed(3);
const line = (set: string, s: SetScore) =>
  `${(set.includes('/') ? (set.split('/').pop() ?? set) : set).padEnd(6)} F1 ${f(s.overall.f1)}  events ${f(s.events.f1)} (P ${f(s.events.precision)} R ${f(s.events.recall)})  people ${f(s.people.f1)}  organisations ${f(s.organizations.f1)}`;
for (const set of sets.length ? sets : ['dev', 'dev-b', ...OWN]) console.log(`${ablation ? '[no gazetteer] ' : ''}${line(set, scoreSet(set, options))}`);
