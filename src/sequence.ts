/**
 * The steps that are there, run one after another, as one function: nothing
 * when none is (so a feature that is off adds no call at all), the step
 * itself when it is alone.
 */
export const sequence = <T>(steps: readonly (((value: T) => unknown) | undefined)[]): ((value: T) => void) | undefined => {
  const present = steps.filter((step): step is (value: T) => unknown => step !== undefined);
  if (present.length === 0) return undefined;
  if (present.length === 1) return present[0] as (value: T) => void;
  return (value) => {
    for (const step of present) step(value);
  };
};
