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
  const mocks = await Promise.all((services as string[]).map((s) => startMock(s)));
  project.provide('mocks', Object.fromEntries((services as string[]).map((s, i) => [s, mocks[i].url])));
  return async () => {
    await Promise.all(mocks.map((m: { stop(): Promise<void> }) => m.stop()));
  };
}
