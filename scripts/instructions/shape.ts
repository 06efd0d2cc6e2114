/** The shape of the workload `npm run instructions` counts (scripts/instructions/workload.ts). */
export const MEMBERS = 100;
export const SENDERS = 10;
/** Lines each sender sends in one read, every turn (the bench's window). */
export const WINDOW = 4;
export const LINE_BYTES = 64;
/** Turns run before the counted ones, so what is counted is the JIT-compiled steady state. */
export const WARM_TURNS = 100;
