import { bound } from '../errors/errors.js';

/** Minimal logger; `console` fits. Lines never contain credentials. */
export interface Logger {
  /** Each attempt of each call. */
  debug(msg: string, ...args: unknown[]): void;
  /** Retries and the waits before them. */
  info(msg: string, ...args: unknown[]): void;
  /** Degraded sends, e.g. a push going out without a cid. */
  warn(msg: string, ...args: unknown[]): void;
  /** Failures the SDK cannot report through a rejected promise. */
  error(msg: string, ...args: unknown[]): void;
}
/** Log levels, most verbose first. */
export type LogLevel = 'debug' | 'info' | 'warn' | 'error' | 'off';
const LEVELS: LogLevel[] = ['debug', 'info', 'warn', 'error', 'off'];

/** Writes one line at a level. */
export type Log = (level: Exclude<LogLevel, 'off'>, message: string) => void;

/** Replaces every occurrence of a secret (and its JSON-escaped form) with `***`. */
export const redact = (text: string, secrets: readonly string[]): string => {
  for (const s of secrets) {
    if (!s) continue;
    text = text.split(s).join('***');
    const escaped = JSON.stringify(s).slice(1, -1);
    if (escaped !== s) text = text.split(escaped).join('***');
  }
  return text;
};

/** A level filter in front of `logger`; lines are bounded in length and scrubbed of `secrets`. */
export const makeLog = (logger: Logger = console, level: LogLevel = 'warn', secrets: readonly string[] = []): Log => {
  const min = LEVELS.indexOf(level);
  return (l, message) => {
    if (LEVELS.indexOf(l) >= min) logger[l](`[jiguang-ts] ${bound(redact(message, secrets))}`);
  };
};
