import * as A from 'fp-ts/Array';
import * as E from 'fp-ts/Either';
import { pipe } from 'fp-ts/function';
import { Config, defaultConfig } from './config';
import { envName, Flag, flags } from './flags';

export type Invocation = { readonly kind: 'run'; readonly config: Config } | { readonly kind: 'help' };

type Env = Readonly<Record<string, string | undefined>>;

/** A raw value with where it came from, so an error can name the flag or the variable. */
interface Setting {
  readonly flag: Flag;
  readonly source: string;
  readonly text: string;
}

const byName = new Map(flags.map((f) => [f.name, f]));

/** Splits argv into settings; the last of a repeated flag wins. */
const readArgv = (argv: readonly string[]): E.Either<string, Setting[] | 'help'> => {
  const settings: Setting[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--help' || arg === '-h') return E.right('help');
    if (!arg.startsWith('--')) return E.left(`unexpected argument ${JSON.stringify(arg)} (see --help)`);
    const eq = arg.indexOf('=');
    const name = eq < 0 ? arg.slice(2) : arg.slice(2, eq);
    const flag = byName.get(name);
    if (flag === undefined) return E.left(`--${name}: unknown flag (see --help)`);
    const text: string | undefined = eq >= 0 ? arg.slice(eq + 1) : flag.switch === true ? 'true' : argv[++i];
    if (text === undefined) return E.left(`--${name}: missing value`);
    settings.push({ flag, source: `--${name}`, text });
  }
  return E.right(settings);
};

const readEnv = (env: Env): Setting[] =>
  flags.flatMap((flag) => {
    const text = env[envName(flag)];
    return text === undefined || text === '' ? [] : [{ flag, source: envName(flag), text }];
  });

const decodeSetting = (s: Setting): E.Either<string, readonly [keyof Config, unknown]> =>
  pipe(
    s.flag.codec.decode(s.text),
    E.mapLeft(() => `${s.source}: expected ${s.flag.codec.name}, got ${JSON.stringify(s.text)}`),
    E.map((value) => [s.flag.key, value] as const),
  );

/**
 * argv (after the script name) and the environment to a Config, or to one
 * line naming the bad flag or variable. Flags win over the environment.
 */
export const decodeConfig = (argv: readonly string[], env: Env): E.Either<string, Invocation> =>
  pipe(
    readArgv(argv),
    E.flatMap((fromArgv) => {
      if (fromArgv === 'help') return E.right<string, Invocation>({ kind: 'help' });
      return pipe(
        [...readEnv(env), ...fromArgv],
        A.traverse(E.Applicative)(decodeSetting),
        E.map((entries): Invocation => ({ kind: 'run', config: { ...defaultConfig, ...Object.fromEntries(entries) } })),
      );
    }),
  );
