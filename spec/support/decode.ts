import * as E from 'fp-ts/Either';
import { Config } from '../../src/config/config';
import { decodeConfig } from '../../src/config/decode';

/** The Config that argv and env decode to; throws on an error or --help. */
export const decoded = (argv: string[], env: Record<string, string> = {}): Config => {
  const result = decodeConfig(argv, env);
  if (E.isLeft(result)) throw new Error(result.left);
  if (result.right.kind !== 'run') throw new Error('help');
  return result.right.config;
};

/** The one-line error that argv and env decode to; throws if they decode. */
export const decodeError = (argv: string[], env: Record<string, string> = {}): string => {
  const result = decodeConfig(argv, env);
  if (E.isRight(result)) throw new Error(`decoded: ${JSON.stringify(result.right)}`);
  return result.left;
};
