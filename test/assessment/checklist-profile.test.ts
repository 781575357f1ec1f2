/**
 * Reading the organisation profile: defaults, what was assumed, and errors
 * that name the file and the field.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadProfile, parseProfile, ProfileError } from '../../src/assessment/profile.js';

const dir = mkdtempSync(join(tmpdir(), 'qmsr-profile-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function write(name: string, text: string): string {
  const file = join(dir, name);
  writeFileSync(file, text);
  return file;
}

function errorOf(fn: () => unknown): ProfileError {
  try {
    fn();
  } catch (err) {
    if (err instanceof ProfileError) return err;
    throw err;
  }
  throw new Error('expected a ProfileError');
}

describe('organisation profile', () => {
  it('fills defaults and records which fields were assumed', () => {
    const p = parseProfile({ organization: 'Acme', deviceClasses: ['II'], sterile: true }, 'x');
    expect(p.iso13485Certified).toBe(false);
    expect(p.designActivities).toBe(true);
    expect(p.assumed).toContain('designActivities');
    expect(p.assumed).toContain('iso13485Certified');
    expect(p.assumed).not.toContain('sterile');
    expect(p.assumed).not.toContain('deviceClasses');
  });

  it('reads a file with a byte-order mark', () => {
    const file = write('bom.json', '\uFEFF{"organization": "Acme"}');
    expect(loadProfile(file).organization).toBe('Acme');
  });

  it('names the file and the field of an invalid value', () => {
    const file = write('bad-class.json', JSON.stringify({ organization: 'Acme', deviceClasses: ['II', 'IV'] }));
    const err = errorOf(() => loadProfile(file));
    expect(err.message.startsWith(file)).toBe(true);
    expect(err.message).toContain('field "deviceClasses[1]"');
  });

  it('suggests the field meant by a typo', () => {
    const err = errorOf(() => parseProfile({ organization: 'Acme', sterlie: true }, 'p.json'));
    expect(err.message).toBe('p.json: unknown field "sterlie" (did you mean "sterile"?)');
  });

  it('says a required field is missing', () => {
    expect(errorOf(() => parseProfile({ deviceClasses: ['I'] }, 'p.json')).message).toContain('field "organization" is required');
  });

  it('rejects contradictions, naming the field', () => {
    expect(errorOf(() => parseProfile({ organization: 'A', class1WithSoftware: true, deviceClasses: ['II'] }, 'p')).message).toContain(
      'field "class1WithSoftware": is true, but deviceClasses does not include "I"',
    );
    expect(errorOf(() => parseProfile({ organization: 'A', relabeler: true, labeling: false }, 'p')).message).toContain('field "labeling"');
    expect(errorOf(() => parseProfile({ organization: 'A', contractSterilizer: true, production: false }, 'p')).message).toContain('field "production"');
  });

  it('points at the line and column of a JSON syntax error', () => {
    const file = write('syntax.json', '{\n  "organization": "Acme",\n  "sterile": tru\n}\n');
    const err = errorOf(() => loadProfile(file));
    expect(err.message).toMatch(/not valid JSON: .*line 3, column \d+/);
  });

  it('says when the file does not exist', () => {
    expect(errorOf(() => loadProfile(join(dir, 'missing.json'))).message).toMatch(/missing\.json: no such file/);
  });
});
