/**
 * Golden files: expected outputs kept as reviewable text under test/golden/.
 * Run with UPDATE_GOLDEN=1 to rewrite them after a deliberate change, then
 * read the diff before committing.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect } from 'vitest';

const goldenDir = resolve(dirname(fileURLToPath(import.meta.url)), '..', 'golden');

/** Replace values that change without the behaviour changing (versions, hashes, dates). */
export function normalise(text: string): string {
  return text
    .replace(/"hash": "[0-9a-f]{64}"/g, '"hash": "<hash>"')
    .replace(/hash [0-9a-f]{12}/g, 'hash <hash>')
    .replace(/"version": "\d+\.\d+\.\d+"/g, '"version": "<version>"')
    .replace(/knowledge base \d+\.\d+\.\d+/gi, (m) => m.replace(/\d+\.\d+\.\d+/, '<version>'))
    .replace(/Knowledge base \d+\.\d+\.\d+/g, 'Knowledge base <version>')
    .replace(/\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z/g, '<timestamp>');
}

export function expectGolden(name: string, actual: string): void {
  const file = join(goldenDir, name);
  const text = normalise(actual);
  if (process.env.UPDATE_GOLDEN === '1' || !existsSync(file)) {
    if (process.env.CI === 'true' && !existsSync(file)) throw new Error(`golden file ${name} is missing; run the tests locally with UPDATE_GOLDEN=1 and commit it`);
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, text);
    return;
  }
  expect(text).toBe(readFileSync(file, 'utf8'));
}
