// The command line load.mjs and floor.mjs share, so their tables line up: scenarios as comma-separated
// SESSIONSxPARTICIPANTS (one default list), numeric and text --name=value options and --flags; --help prints the running
// script's header comment, where its options are described, and exits.
import fs from 'node:fs';

export const args = process.argv.slice(2);

if (args.includes('--help')) {
  const header = fs.readFileSync(process.argv[1], 'utf8').match(/^(\/\/.*\n)+/)[0];
  console.log(header.replace(/^\/\/ ?/gm, '').trimEnd());
  process.exit(0);
}

export const option = (name, fallback) => {
  const found = args.find((a) => a.startsWith(`--${name}=`));
  return found ? Number(found.split('=')[1]) : fallback;
};

/** A --name=value option as text, one of `allowed` (the first is the default); anything else ends the script. */
export const choice = (name, allowed) => {
  const found = args.find((a) => a.startsWith(`--${name}=`));
  const value = found ? found.slice(name.length + 3) : allowed[0];
  if (!allowed.includes(value)) {
    console.error(`--${name} must be one of ${allowed.join(', ')}, not ${value}`);
    process.exit(2);
  }
  return value;
};

export const flag = (name) => args.includes(`--${name}`);

export const scenarios = (args.find((a) => !a.startsWith('--')) || '1x2,1x4,1x8,1x16,4x2,8x2')
  .split(',')
  .map((s) => s.split('x').map(Number))
  .map(([sessions, participants]) => ({sessions, participants}));
