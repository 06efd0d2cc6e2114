/**
 * The six line forms of the protocol. Chat and private messages always start
 * with `[addr]`, actions with `* [`, so no chat text can pose as a notice
 * (`*** `), a reply (`--- `) or an error (`!!! `).
 */
export const who = (addr: string, name: string): string => `[${addr}]${name}`;
export const chat = (from: string, text: string): string => `${from}: ${text}`;
export const action = (from: string, text: string): string => `* ${from} ${text}`;
export const whisper = (from: string, peerName: string, text: string): string => `${from} -> ${peerName}: ${text}`;
export const notice = (text: string): string => `*** ${text}`;
export const reply = (text: string): string => `--- ${text}`;
export const error = (text: string): string => `!!! ${text}`;
