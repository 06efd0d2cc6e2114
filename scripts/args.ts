/** `--name` given on the command line. */
export const flag = (name: string): boolean => process.argv.includes(`--${name}`);

/** The value after `--name`, if given. */
export const option = (name: string): string | undefined => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
};
