import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import picomatch from 'picomatch';
import { discover, globMatcher, scanBase, toDisplay, type DiscoverOptions, type DiscoveryItem } from '../../src/scanner/discover.js';

let root: string;

async function collect(paths: string[], options: Partial<DiscoverOptions> = {}): Promise<DiscoveryItem[]> {
  const items: DiscoveryItem[] = [];
  for await (const item of discover(paths, { include: [], exclude: [], cwd: root, ...options })) items.push(item);
  return items;
}

const displays = (items: DiscoveryItem[]): string[] => items.map((i) => `${i.kind}:${i.display}`);

beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'qmsr-discover-'));
  const write = (rel: string, text = 'x'): void => {
    mkdirSync(join(root, rel, '..'), { recursive: true });
    writeFileSync(join(root, rel), text);
  };
  write('docs/SOPs/b.md');
  write('docs/SOPs/A.docx');
  write('docs/SOPs/~$A.docx');
  write('docs/SOPs/notes.pages');
  write('docs/SOPs/image.png');
  write('docs/WIs/wi-1.txt');
  write('docs/WIs/drafts/wi-2.txt');
  write('docs/node_modules/pkg/readme.md');
  write('docs/.git/HEAD.txt');
  write('loose/report.pages');
  write('loose/sop.PDF');
  symlinkSync('..', join(root, 'docs/WIs/loop'));
  symlinkSync(join(root, 'docs/SOPs'), join(root, 'docs/WIs/sops-link'));
  symlinkSync(join(root, 'nowhere.md'), join(root, 'docs/WIs/broken.md'));
});

afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('discover', () => {
  it('walks folders in a stable order, keeps supported files and skips lock files and unsupported types', async () => {
    const debug: string[] = [];
    const items = await collect(['docs'], { exclude: ['**/node_modules/**', '**/.git/**'], onDebug: (m) => debug.push(m) });
    expect(displays(items)).toEqual([
      'file:SOPs/A.docx',
      'file:SOPs/b.md',
      'error:WIs/broken.md',
      'file:WIs/drafts/wi-2.txt',
      'error:WIs/loop',
      'file:WIs/wi-1.txt',
    ]);
    expect(items.find((i) => i.display === 'WIs/loop')).toMatchObject({ kind: 'error', message: 'symbolic link loop at WIs/loop, skipped' });
    expect(items.find((i) => i.display === 'WIs/broken.md')).toMatchObject({ message: expect.stringMatching(/broken symbolic link/) });
    expect(debug).toContain('skipped 2 file(s) of types qmsr does not read');
    expect(debug.some((d) => d.includes('Office lock file'))).toBe(true);
    // The link to SOPs/ inside WIs/ is a second path to a folder already walked, not a loop.
    expect(debug.some((d) => d.startsWith('WIs/sops-link: already scanned'))).toBe(true);
  });

  it('follows a symbolic link to a folder that was not walked yet', async () => {
    const items = await collect(['docs/WIs'], { exclude: ['drafts/**'] });
    expect(displays(items)).toEqual(['error:broken.md', 'error:loop', 'file:sops-link/A.docx', 'file:sops-link/b.md', 'file:wi-1.txt']);
  });

  it('applies include and exclude globs relative to the scanned folder and prunes excluded folders', async () => {
    expect(displays(await collect(['docs'], { include: ['SOPs/**'], exclude: ['**/node_modules/**'] }))).toEqual([
      'file:SOPs/A.docx',
      'file:SOPs/b.md',
    ]);
    expect(displays(await collect(['docs'], { exclude: ['WIs', 'SOPs/*.md', 'node_modules/**', '.git/**'] }))).toEqual(['file:SOPs/A.docx']);
    expect(displays(await collect(['docs'], { include: ['**/*.txt'], exclude: ['**/drafts/**', '.git/**'] })).filter((d) => d.startsWith('file'))).toEqual([
      'file:WIs/wi-1.txt',
    ]);
  });

  it('scans files named explicitly, reports an explicit unsupported type and a missing path, and never yields a file twice', async () => {
    const items = await collect(['loose/sop.PDF', 'loose/report.pages', 'missing/file.docx', 'loose/sop.PDF']);
    expect(items).toEqual([
      { kind: 'file', path: join(root, 'loose/sop.PDF'), display: 'loose/sop.PDF', format: 'pdf' },
      {
        kind: 'error',
        path: join(root, 'loose/report.pages'),
        display: 'loose/report.pages',
        format: 'unknown',
        message: 'unsupported file type .pages; qmsr reads .docx, .pdf, .md, .txt, .html, .xlsx, .odt, .pptx',
      },
      { kind: 'error', path: join(root, 'missing/file.docx'), display: 'missing/file.docx', format: 'docx', message: 'there is no file or folder at this path' },
    ]);
  });

  it('reports paths relative to the folder above every path given', async () => {
    const items = await collect(['docs/SOPs', 'docs/WIs/drafts', 'loose']);
    expect(displays(items)).toEqual(['file:docs/SOPs/A.docx', 'file:docs/SOPs/b.md', 'file:docs/WIs/drafts/wi-2.txt', 'file:loose/sop.PDF']);
    expect(items.every((i) => i.display === toDisplay(root, i.path))).toBe(true);
    const below = await collect(['docs/WIs', 'docs/SOPs']);
    expect(below.every((i) => i.display === toDisplay(join(root, 'docs'), i.path))).toBe(true);
    expect(displays(below)).toContain('file:WIs/drafts/wi-2.txt');
  });

  it('reports a file given alone by its name', async () => {
    expect(displays(await collect(['docs/SOPs/b.md']))).toEqual(['file:b.md']);
  });

  it('yields files one by one, before the walk is over', async () => {
    const walk = discover(['docs'], { include: [], exclude: ['.git/**'], cwd: root });
    const first = await walk.next();
    expect(first.value).toMatchObject({ kind: 'file', display: 'SOPs/A.docx' });
    await walk.return(undefined);
  });
});

describe('globMatcher', () => {
  it('matches exactly what picomatch matches, looking for the text a glob needs first', () => {
    const globs = [
      ['**/node_modules/**', '**/.git/**', '**/.qmsr/**', '**/~$*'],
      ['SOPs/**'],
      ['**/*.txt', 'WIs'],
      ['SOPs/*.md', 'drafts/**'],
      ['**/draft?/**'],
      ['**/{old,archive}/**'],
      ['**/+(tmp|temp)/**'],
      ['**/[Aa]rchive/**'],
      ['!**/keep/**'],
      ['./SOPs/**'],
      ['**/a\\*b/**'],
      ['**'],
      ['*'],
    ];
    const paths = [
      'SOPs/A.docx',
      'SOPs/sub/b.md',
      'node_modules/x/y.md',
      'a/node_modules/y.md',
      'a/.git/HEAD.txt',
      '.qmsr/x.md',
      'x/~$A.docx',
      '~$A.docx',
      'WIs',
      'WIs/drafts/wi-2.txt',
      'x/drafts/y.md',
      'x/old/y.md',
      'x/archive/y.md',
      'x/Archive/y.md',
      'x/tmp/y.md',
      'x/temp/y.md',
      'x/keep/y.md',
      'x/a*b/y.md',
      'README',
    ];
    let matched = 0;
    for (const list of globs) {
      const ours = globMatcher(list);
      const theirs = picomatch(list, { dot: true });
      for (const path of paths) {
        expect(ours(path), `${list.join(' ')} on ${path}`).toBe(theirs(path));
        if (theirs(path)) matched++;
      }
    }
    expect(matched).toBeGreaterThan(20);
  });
});

describe('scanBase', () => {
  it('is the folder itself for one folder, and the common folder otherwise', () => {
    expect(scanBase([{ path: '/a/docs', isDirectory: true }])).toBe('/a/docs');
    expect(scanBase([{ path: '/a/docs/x.md', isDirectory: false }])).toBe('/a/docs');
    expect(scanBase([{ path: '/a/docs/SOPs', isDirectory: true }, { path: '/a/docs/WIs', isDirectory: true }])).toBe('/a/docs');
    expect(scanBase([{ path: '/a/docs/SOPs', isDirectory: true }, { path: '/a/docs/SOPs/x/y.md', isDirectory: false }])).toBe('/a/docs/SOPs');
    expect(scanBase([{ path: '/a/b', isDirectory: true }, { path: '/c/d', isDirectory: true }])).toBe('/');
  });
});
