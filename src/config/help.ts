import { defaultOf, envName, flags } from './flags';

const rows = flags.map((f) => [`  --${f.name}${f.placeholder === '' ? '' : ` ${f.placeholder}`}`, `${f.description} (default ${defaultOf(f)})`] as const);
const width = Math.max(...rows.map(([left]) => left.length)) + 2;

export const helpText = [
  'Usage: rxchat [flags]        (from a checkout: npm start -- [flags])',
  '',
  'A chat room for nc and telnet. Flags:',
  ...rows.map(([left, right]) => left.padEnd(width) + right),
  `  --help${' '.repeat(width - 8)}this text`,
  '',
  `Each flag may also be set in the environment, e.g. ${envName(flags[1]!)}=9000; a flag wins over the environment.`,
  '',
].join('\n');
