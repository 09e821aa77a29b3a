#!/usr/bin/env node
// The Node.js dongbo needs, checked before anything that needs it: an older Node (Debian's 20,
// say) would otherwise die on a start-up flag it does not know, with nothing said about why.
// Plain JavaScript that any Node.js with ES modules (14 on) runs, so that the old Node itself runs this file
// to the end. `npm start` reaches it through bin/dongbo.js, `npm test` as its pretest script.
import { readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';

/** The major version `engines.node` of package.json asks for (">=24" → 24): one place says it. */
export function requiredMajor() {
  const manifest = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));
  const match = /(\d+)/.exec(manifest.engines?.node ?? '');
  return match ? Number(match[1]) : 0;
}

/** One line saying what is wrong with this Node.js version, in Vietnamese and English; null if nothing. */
export function nodeVersionProblem(version, required) {
  const found = String(version).replace(/^v/, '');
  if (Number(found.split('.')[0]) >= required) return null;
  return (
    `dongbo: cần Node.js ${required} trở lên, máy đang có Node.js ${found}; ` +
    `cài Node.js ${required} LTS từ https://nodejs.org/en/download (hoặc \`nvm install ${required}\`) rồi chạy lại. ` +
    `/ dongbo needs Node.js ${required} or newer (found ${found}): ` +
    `install Node.js ${required} LTS from https://nodejs.org/en/download (or \`nvm install ${required}\`).`
  );
}

/** Ends the process with that line when this Node.js is too old. */
export function requireNode() {
  const problem = nodeVersionProblem(process.versions.node, requiredMajor());
  if (problem) {
    process.stderr.write(`${problem}\n`);
    process.exit(1);
  }
}

// Run as a script (npm's pretest): check and say nothing when all is well.
if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) requireNode();
