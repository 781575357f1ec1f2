/**
 * The example workspace that `npm run demo` serves (`qmsr serve --data DIR
 * --example`): the Northwind Medical gap assessment from
 * `examples/assessment/northwind.profile.json`, the example SOPs of
 * `examples/sops/` in its document library as if uploaded through the web
 * app, scanned, with the evidence the scan proposes, and a handful of items
 * already assessed so the overview is not empty.
 *
 * Everything goes through the same code as the web app and the CLI (the
 * assessment service, the document library, the server's scan), so it is all
 * in the audit trail under the person who ran the demo.
 *
 * A folder that already holds anything is never touched: the work done in it
 * is kept. A new one is filled in a sibling staging folder and renamed into
 * place once complete, so an interrupted run leaves no half-made workspace.
 */
import { existsSync, mkdirSync, readdirSync, renameSync, rmSync, rmdirSync } from 'node:fs';
import { dirname, extname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Actor } from '../assessment/audit.js';
import { loadProfile } from '../assessment/profile.js';
import { addAction, createAssessment, decideEvidence, listEvidence, listItems, updateItem } from '../assessment/service.js';
import type { ItemChanges } from '../assessment/types.js';
import { getKnowledgeBase } from '../kb/load.js';
import type { KnowledgeBase } from '../kb/model.js';
import { supportedExtensions } from '../readers/index.js';
import { openStore } from '../store/database.js';
import { fsyncPath } from '../store/durable-fs.js';
import { migrate } from '../store/migrate.js';
import type { Store } from '../store/store.js';
import { addFilesToLibrary } from './documents/library.js';
import { scanAssessment } from './documents/scan.js';
import { UPLOAD_PREFIX } from './documents/storage.js';

/** Name of the example assessment. */
export const EXAMPLE_ASSESSMENT_NAME = 'QMSR transition 2026 (example)';

/** The `examples/` folder of this checkout (not part of the published package). */
export function examplesRoot(): string {
  return join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'examples');
}

/** One item the example marks as assessed, the way an assessor would. */
interface ExampleDecision {
  itemId: string;
  changes: ItemChanges;
  /** Days from today to the due date. */
  dueInDays?: number;
  reason: string;
  /** Accept the proposal of this example SOP (file name) as evidence first. */
  accept?: string;
  /** Add a remediation action. */
  action?: { title: string; owner: string; dueInDays: number };
}

/** A first pass over the example SOPs: realistic statuses, each with the reason an assessor would give. */
const DECISIONS: readonly ExampleDecision[] = [
  {
    itemId: 'change.inspection-of-reports',
    changes: {
      status: 'gap',
      owner: 'Dana Lee',
      notes:
        'SOP-005 still says management review reports are exempt from FDA inspection under 21 CFR 820.180(c) and has top management certify that reviews were held. Under the QMSR the reports can be inspected.',
    },
    dueInDays: 45,
    reason: 'Example: first pass over SOP-005 Management Review',
    action: { title: 'Revise SOP-005: remove the inspection exemption and the certification practice; brief top management', owner: 'Dana Lee', dueInDays: 45 },
  },
  {
    itemId: 'iso.7.3.7',
    changes: {
      status: 'partial',
      owner: 'Sam Ortiz',
      notes: 'SOP-002 describes design validation but cites 21 CFR 820.30(g); the requirement is now ISO 13485:2016 clause 7.3.7 through 21 CFR 820.10(c).',
    },
    dueInDays: 90,
    reason: 'Example: first pass over SOP-002 Design Controls',
  },
  {
    itemId: 'iso.8.2.2',
    changes: {
      status: 'partial',
      owner: 'Priya Nair',
      notes: 'SOP-004 is built on 21 CFR 820.198; the complaint record content now comes from 21 CFR 820.35(a), and "formally designated unit" needs rewording.',
    },
    dueInDays: 60,
    reason: 'Example: first pass over SOP-004 Complaint Handling',
  },
  {
    itemId: 'iso.4.2.4',
    changes: { status: 'compliant', owner: 'Dana Lee', notes: 'SOP-001 meets clause 4.2.4; its Part 820 citations are updated in the next revision.' },
    reason: 'Example: SOP-001 reviewed and accepted as evidence',
    accept: 'SOP-001 Document Control.docx',
  },
  {
    itemId: 'iso.8.2.1',
    changes: { status: 'compliant', owner: 'Priya Nair', notes: 'SOP-008 was rewritten for the QMSR and gives no finding.' },
    reason: 'Example: SOP-008 reviewed and accepted as evidence',
    accept: 'SOP-008 Customer Feedback (QMSR).docx',
  },
];

/** What {@link seedExample} made. */
export interface ExampleSeed {
  assessmentId: string;
  name: string;
  /** Example SOPs added to the document library. */
  documents: number;
  /** Findings of their scan. */
  findings: number;
  /** Evidence proposed by the scan. */
  proposed: number;
  /** Items given a status. */
  assessed: number;
}

/** Options of {@link seedExample} and {@link prepareExampleWorkspace}. */
export interface ExampleOptions {
  /** Who is recorded in the audit trail. */
  actor: Actor;
  /** The `examples/` folder (default: this checkout's). */
  examples?: string;
  kb?: KnowledgeBase;
  /** Today, YYYY-MM-DD, for the due dates (default: today). */
  today?: string;
}

/** Options of {@link prepareExampleWorkspace}. */
export interface PrepareOptions extends ExampleOptions {
  /** Called with the new, empty staging folder before the database is opened (tests copy a migrated database into it; creating one takes seconds). */
  initialise?: (dir: string) => Promise<void>;
}

/** The example SOPs: every supported document of `examples/sops/` except its README. */
export function exampleSops(examples = examplesRoot()): string[] {
  const dir = join(examples, 'sops');
  return readdirSync(dir)
    .filter((name) => supportedExtensions.includes(extname(name).toLowerCase()) && !/^readme\./i.test(name))
    .sort()
    .map((name) => join(dir, name));
}

/**
 * Fill `store` (migrated) and the data folder `dataDir` with the example
 * assessment: create it from the Northwind profile, add the example SOPs to
 * its document library, scan them (evidence proposed) and record the
 * decisions above. Every step is audited.
 */
export async function seedExample(store: Store, dataDir: string, options: ExampleOptions): Promise<ExampleSeed> {
  const examples = options.examples ?? examplesRoot();
  const kb = options.kb ?? getKnowledgeBase();
  const { actor } = options;
  const profile = loadProfile(join(examples, 'assessment', 'northwind.profile.json'));
  const assessment = await createAssessment(store, { name: EXAMPLE_ASSESSMENT_NAME, profile, actor, kb });
  const id = assessment.id;
  const saved = await addFilesToLibrary(store, dataDir, id, exampleSops(examples), {
    actor,
    reason: 'Example workspace: the example SOP set of Northwind Medical (examples/sops)',
  });
  const scan = await scanAssessment(store, kb, dataDir, id, actor);

  const today = options.today ?? new Date().toISOString().slice(0, 10);
  const items = new Map((await listItems(store, id)).map((i) => [i.itemId, i]));
  let assessed = 0;
  for (const d of DECISIONS) {
    const item = items.get(d.itemId);
    if (!item?.applicable) continue; // the knowledge base changed; the demo goes on without it
    if (d.accept) {
      const proposal = (await listEvidence(store, id, { itemId: d.itemId, state: 'proposed' })).find((e) => e.documentPath === `${UPLOAD_PREFIX}${d.accept}`);
      if (proposal) await decideEvidence(store, proposal.id, 'accepted', { actor, reason: d.reason });
    }
    const changes: ItemChanges = { ...d.changes, ...(d.dueInDays !== undefined ? { dueDate: addDays(today, d.dueInDays) } : {}) };
    await updateItem(store, id, d.itemId, changes, { actor, reason: d.reason, expectedVersion: item.version });
    if (d.action) {
      await addAction(store, id, { itemId: d.itemId, title: d.action.title, owner: d.action.owner, dueDate: addDays(today, d.action.dueInDays) }, { actor, reason: d.reason });
    }
    assessed += 1;
  }
  return { assessmentId: id, name: assessment.name, documents: saved.length, findings: scan.scan.findings, proposed: scan.proposed, assessed };
}

/** What {@link prepareExampleWorkspace} did. */
export type PreparedWorkspace = { seeded: true; dataDir: string; seed: ExampleSeed } | { seeded: false; dataDir: string };

/**
 * Make `dataDir` an example workspace unless it already holds anything: a
 * folder that exists and is not empty is left exactly as it is (`seeded:
 * false`). Otherwise the embedded database is created and seeded in
 * `<dataDir>.seeding`, closed, and renamed to `dataDir`.
 */
export async function prepareExampleWorkspace(dataDir: string, options: PrepareOptions): Promise<PreparedWorkspace> {
  const dir = resolve(dataDir);
  if (existsSync(dir) && readdirSync(dir).length > 0) return { seeded: false, dataDir: dir };
  const staging = `${dir}.seeding`;
  rmSync(staging, { recursive: true, force: true }); // left by an interrupted run
  try {
    if (options.initialise) {
      mkdirSync(staging, { recursive: true });
      await options.initialise(staging);
    }
    const store = await openStore({ data: staging });
    let seed: ExampleSeed;
    try {
      await migrate(store);
      seed = await seedExample(store, staging, options);
    } finally {
      await store.close();
    }
    if (existsSync(dir)) rmdirSync(dir); // empty, checked above
    renameSync(staging, dir);
    fsyncPath(dirname(dir));
    return { seeded: true, dataDir: dir, seed };
  } catch (err) {
    rmSync(staging, { recursive: true, force: true });
    throw err;
  }
}

function addDays(date: string, days: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}
