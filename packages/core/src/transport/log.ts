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

/** Scrubs a client's credentials from a text. */
export type Redact = (text: string) => string;

const WORD = '[\\p{L}\\p{N}_]';
const word = new RegExp(WORD, 'u');

/**
 * A function that replaces the exact `secrets` with `***` — as they are and JSON-escaped (the forms a
 * proxy or server may echo them in) — and changes nothing else. A match counts only as a whole token:
 * where a secret begins or ends with a letter, digit or `_`, the character beside it must not be one, so
 * a short secret never eats into other words (`s` leaves "status" alone).
 */
export const redactor = (secrets: readonly string[]): Redact => {
  const forms = new Set<string>();
  for (const s of secrets) {
    if (!s) continue;
    forms.add(s).add(JSON.stringify(s).slice(1, -1));
  }
  if (!forms.size) return (text) => text;
  // Longest first, so that a form containing another is replaced whole.
  const re = new RegExp(
    [...forms]
      .sort((a, b) => b.length - a.length)
      .map((f) => (word.test(f[0]!) ? `(?<!${WORD})` : '') + f.replace(/[\\^$.*+?()[\]{}|/]/g, '\\$&') + (word.test(f.at(-1)!) ? `(?!${WORD})` : ''))
      .join('|'),
    'gu',
  );
  return (text) => text.replace(re, '***');
};

/** A level filter in front of `logger`; lines are scrubbed of credentials, then bounded in length. */
export const makeLog = (logger: Logger = console, level: LogLevel = 'warn', redact: Redact = (text) => text): Log => {
  const min = LEVELS.indexOf(level);
  return (l, message) => {
    if (LEVELS.indexOf(l) >= min) logger[l](`[jiguang-ts] ${bound(redact(message))}`);
  };
};
