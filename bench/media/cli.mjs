// The command line load.mjs and floor.mjs share, so their tables line up: scenarios as comma-separated
// SESSIONSxPARTICIPANTS (one default list) and numeric --name=value options.

export const args = process.argv.slice(2);

export const option = (name, fallback) => {
  const found = args.find((a) => a.startsWith(`--${name}=`));
  return found ? Number(found.split('=')[1]) : fallback;
};

export const scenarios = (args.find((a) => !a.startsWith('--')) || '1x2,1x4,1x8,1x16,4x2,8x2')
  .split(',')
  .map((s) => s.split('x').map(Number))
  .map(([sessions, participants]) => ({sessions, participants}));
