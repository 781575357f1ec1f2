/**
 * One worked assessment for the report tests: the example profile, the SOP
 * set from sops.ts scanned for real, evidence proposed and decided, statuses,
 * an action and a comment, all through the service.
 */
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Actor } from '../../src/assessment/audit.js';
import { loadProfile } from '../../src/assessment/profile.js';
import * as svc from '../../src/assessment/service.js';
import type { TextDocument } from '../../src/doc-model/types.js';
import { readDocument } from '../../src/readers/index.js';
import { scanPaths } from '../../src/scanner/scan-files.js';
import type { Store } from '../../src/store/index.js';
import { HOSTILE, writeSops } from './sops.js';

export const PROFILE = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'examples', 'assessment', 'northwind.profile.json');
export const ALICE: Actor = { id: 'test:alice', name: 'Alice Auditor' };
export const BOB: Actor = { id: 'test:bob', name: 'Bob QA' };

/** A note that a spreadsheet would run as a formula: must come out neutralised. */
export const FORMULA_NOTE = '=HYPERLINK("http://example.invalid","click")';

/** What the fixture made. */
export interface Worked {
  assessmentId: string;
  sopsDir: string;
}

/** Scan `dir` and read every scanned file's text, as the CLI does. */
export async function scanWithText(dir: string) {
  const scan = await scanPaths([dir], { cacheDir: false, jobs: 1 });
  const documents = new Map<string, TextDocument>();
  for (const f of scan.files) if (f.status === 'ok') documents.set(f.path, await readDocument(join(dir, f.path)));
  return { scan, documents };
}

/** Build the worked assessment in `store`, with the SOPs written under `dir`. */
export async function buildWorkedAssessment(store: Store, dir: string): Promise<Worked> {
  const sopsDir = join(dir, 'sops');
  await writeSops(sopsDir);
  const a = await svc.createAssessment(store, { name: `QMSR transition ${HOSTILE}`, profile: loadProfile(PROFILE), actor: ALICE });
  const { scan, documents } = await scanWithText(sopsDir);
  await svc.proposeEvidence(store, a.id, scan, { actor: ALICE, documents });

  const evidence = await svc.listEvidence(store, a.id);
  const pick = (item: string, doc: string) => evidence.find((e) => e.itemId === item && e.documentPath.includes(doc));
  for (const [item, doc] of [
    ['iso.7.3.7', 'SOP-010'],
    ['iso.8.2.2', 'SOP-012'],
    ['iso.8.5.2', 'SOP-011'],
  ] as const) {
    const e = pick(item, doc);
    if (!e) throw new Error(`fixture: expected a proposal for ${item} from ${doc}`);
    await svc.decideEvidence(store, e.id, 'accepted', { actor: BOB, reason: 'Read the procedure' });
  }
  const reject = pick('iso.7.3.2', 'SOP-010');
  if (reject) await svc.decideEvidence(store, reject.id, 'rejected', { actor: BOB, reason: 'Plan mentioned, not defined' });

  const items = await svc.listItems(store, a.id);
  const v = (id: string) => items.find((i) => i.itemId === id)!.version;
  await svc.updateItem(
    store,
    a.id,
    'iso.7.3.7',
    { status: 'gap', owner: 'Dana Lee', dueDate: '2026-09-30', notes: 'Validation SOP still cites 820.30(g); no simulated-use protocol.' },
    { actor: BOB, reason: 'Gap review', expectedVersion: v('iso.7.3.7') },
  );
  await svc.updateItem(store, a.id, 'iso.8.2.2', { status: 'partial', owner: 'Sam Ortiz', notes: FORMULA_NOTE }, { actor: BOB, reason: 'Gap review', expectedVersion: v('iso.8.2.2') });
  await svc.updateItem(store, a.id, 'iso.8.5.2', { status: 'compliant' }, { actor: BOB, reason: 'SOP-011 accepted', expectedVersion: v('iso.8.5.2') });
  await svc.updateItem(
    store,
    a.id,
    'iso.7.5.7',
    { status: 'not-applicable', justification: 'Northwind makes no sterile devices.' },
    { actor: BOB, reason: 'Profile: sterile = no', expectedVersion: v('iso.7.5.7') },
  );
  await svc.addAction(store, a.id, { itemId: 'iso.7.3.7', title: 'Write a design validation protocol template', owner: 'Dana Lee', dueDate: '2026-05-31' }, { actor: BOB });
  await svc.addAction(store, a.id, { itemId: 'iso.8.2.2', title: 'Add FDA complaint record content to SOP-012', owner: 'Sam Ortiz', dueDate: '2026-12-31' }, { actor: BOB });
  await svc.addComment(store, a.id, 'iso.7.3.7', 'Discussed at the steering meeting', { actor: ALICE });
  return { assessmentId: a.id, sopsDir };
}
