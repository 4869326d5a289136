// Starts one Prism mock per service (from generated/<svc>/openapi.json, request validation on) on free
// loopback ports before any test file runs, and stops them afterwards.
import type { TestProject } from 'vitest/node';
import { startMock } from '../scripts/mock.mjs';
import { services } from '../scripts/lib.mjs';

declare module 'vitest' {
  export interface ProvidedContext {
    mocks: Record<string, string>;
  }
}

export default async function setup(project: TestProject) {
  const started = await Promise.allSettled(services.map((s: string) => startMock(s)));
  const mocks = started.flatMap((r) => (r.status === 'fulfilled' ? [r.value] : []));
  const stop = () => Promise.all(mocks.map((m) => m.stop()));
  const failed = started.find((r) => r.status === 'rejected');
  if (failed) {
    await stop();
    throw (failed as PromiseRejectedResult).reason;
  }
  project.provide('mocks', Object.fromEntries(services.map((s: string, i: number) => [s, mocks[i]!.url])));
  return stop;
}
