/**
 * `qmsr assessment …`: create a gap assessment from a profile, list and show
 * assessments, set an item's status, owner, due date and notes, propose
 * evidence from a scan and accept or reject it, attach evidence by hand,
 * add remediation actions and comments. Everything goes through the
 * assessment service, so every change lands in the audit trail with the
 * person's name (the operating-system account, or `--as NAME`).
 *
 * The embedded database is owned by one process: when `qmsr serve` holds
 * it, the store's lock error is shown as it is.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { userInfo } from 'node:os';
import { join, resolve } from 'node:path';
import type { Command } from 'commander';
import type { Actor } from '../../assessment/audit.js';
import { loadProfile, ProfileError } from '../../assessment/profile.js';
import type { AssessmentInfo, ItemRow } from '../../assessment/types.js';
import type { TextDocument } from '../../doc-model/types.js';
import { formatLocation } from '../../reporters/location.js';
import type { ScanResult } from '../../scanner/types.js';
import type { Store } from '../../store/index.js';
import { EXIT, emit, fail, say, toJson } from '../io.js';

/** Where the database is and who is working: options every assessment, report and audit command takes. */
export interface StoreOptions {
  data?: string;
  database?: string;
  as?: string;
}

/** A mistake in what the user typed (unknown item, bad scan file): shown as a message, exit code 2. */
export class CliInputError extends Error {
  override name = 'CliInputError';
}

/** Add `--data`, `--database` and `--as` to a command. */
export function storeOptions(cmd: Command, withActor = true): Command {
  cmd
    .option('--data <dir>', 'folder of the embedded database (default: .qmsr in the current folder)')
    .option('--database <url>', 'PostgreSQL server, postgres://… (default: $DATABASE_URL, else the embedded database)');
  if (withActor) cmd.option('--as <name>', 'your name in the audit trail (default: your operating-system user name)');
  return cmd;
}

/** The person running the command: the OS account is always recorded as the id; `--as` sets the name shown. */
export function cliActor(as?: string): Actor {
  let user = 'unknown';
  try {
    user = userInfo().username || process.env.USER || 'unknown';
  } catch {
    user = process.env.USER ?? process.env.USERNAME ?? 'unknown';
  }
  return { id: `os:${user}`, name: as?.trim() || user };
}

/**
 * Open the store the options name, migrate it, run `fn`, always close it.
 * Known errors (lock held, not found, conflict, invalid input) become a
 * message and exit code 2.
 */
export async function withStore(opts: StoreOptions, fn: (store: Store) => Promise<number>): Promise<number> {
  if (opts.data !== undefined && opts.database !== undefined) return fail('give either --data or --database, not both');
  // Loaded here, so that commands without a database start without it.
  const { openStore, migrate, StoreLockedError, ConflictError, NotFoundError } = await import('../../store/index.js');
  const { ValidationError } = await import('../../assessment/errors.js');
  let store: Store;
  try {
    store = await openStore({ ...(opts.data !== undefined ? { data: opts.data } : {}), ...(opts.database !== undefined ? { url: opts.database } : {}) });
  } catch (err) {
    if (err instanceof StoreLockedError) return fail(err.message);
    throw err;
  }
  try {
    await migrate(store);
    return await fn(store);
  } catch (err) {
    if (err instanceof ValidationError || err instanceof NotFoundError || err instanceof ConflictError || err instanceof ProfileError || err instanceof CliInputError) {
      return fail(err.message);
    }
    throw err;
  } finally {
    await store.close();
  }
}

/** Resolve an assessment reference (id, id prefix or name). */
export async function resolveAssessment(store: Store, ref: string): Promise<AssessmentInfo> {
  const { findAssessment } = await import('../../assessment/service.js');
  return findAssessment(store, ref);
}

/**
 * An item by what a person types: its id (`iso.7.3.7`, `qmsr.820.35(a)`),
 * the clause or provision (`7.3.7`, `820.35(a)`) or the requirement text.
 */
export function resolveItem(items: readonly ItemRow[], ref: string): ItemRow {
  const r = ref.trim();
  const lower = r.toLowerCase();
  const found =
    items.find((i) => i.itemId === r) ??
    items.find((i) => i.itemId.toLowerCase() === lower) ??
    items.find((i) => i.itemId === `iso.${r}` || i.itemId === `qmsr.${r}` || i.itemId === `change.${r}`) ??
    items.find((i) => i.requirement.toLowerCase() === lower || i.requirement.toLowerCase().endsWith(` ${lower}`));
  if (!found) {
    const near = items.filter((i) => i.itemId.includes(r)).slice(0, 5);
    throw new CliInputError(`The assessment has no item "${ref}".${near.length ? ` Did you mean ${near.map((i) => i.itemId).join(', ')}?` : ' List the items with: qmsr assessment show ID'}`);
  }
  return found;
}

interface CreateOptions extends StoreOptions {
  profile: string;
  name: string;
  format?: string;
}

interface ShowOptions extends StoreOptions {
  format: string;
  item?: string;
  status?: string;
  area?: string;
  owner?: string;
  output?: string;
}

interface SetOptions extends StoreOptions {
  status?: string;
  owner?: string;
  due?: string;
  notes?: string;
  justification?: string;
  priority?: string;
  reason?: string;
}

interface EvidenceOptions extends StoreOptions {
  scan?: string;
  root?: string;
  scanPaths?: string[];
  accept?: string[];
  reject?: string[];
  attach?: string;
  item?: string;
  location?: string;
  excerpt?: string;
  note?: string;
  reason?: string;
  list?: boolean;
  state?: string;
  format?: string;
}

interface ActionOptions extends StoreOptions {
  title?: string;
  owner?: string;
  due?: string;
  status?: string;
  update?: string;
  reason?: string;
}

/** `qmsr assessment …`. */
export function registerAssessment(program: Command, done: (code: number) => void): void {
  const cmd = program
    .command('assessment')
    .description('Gap assessment in the database: create it from a profile, set item statuses, evidence from scans, actions')
    .addHelpText('after', '\nExit codes: 0 done; 2 usage error, unknown assessment or item, a conflicting change, or the database is in use.');

  storeOptions(
    cmd
      .command('create')
      .description('Create an assessment: the checklist for the profile, every item "not-assessed"')
      .requiredOption('-p, --profile <file>', 'organisation profile (JSON); see examples/profiles/')
      .requiredOption('-n, --name <name>', 'a name for the assessment, e.g. "QMSR transition 2026"')
      .option('-f, --format <format>', 'text or json', 'text'),
  ).action(async (opts: CreateOptions) => done(await runCreate(opts)));

  storeOptions(cmd.command('list').description('List the assessments').option('-f, --format <format>', 'text or json', 'text'), false).action(
    async (opts: StoreOptions & { format: string }) => done(await runList(opts)),
  );

  storeOptions(
    cmd
      .command('show')
      .description('Show an assessment: counts, and its items (or one item with evidence, actions and history)')
      .argument('<id>', 'assessment id, a unique start of it, or its name')
      .option('-f, --format <format>', 'text or json', 'text')
      .option('-i, --item <item>', 'show one item in full')
      .option('--status <status>', 'only items with this status')
      .option('--area <area>', 'only items of this inspection area (id, e.g. area.design-and-development)')
      .option('--owner <owner>', 'only items of this owner')
      .option('-o, --output <file>', 'write to a file instead of standard output'),
    false,
  ).action(async (id: string, opts: ShowOptions) => done(await runShow(id, opts)));

  storeOptions(
    cmd
      .command('set')
      .description("Change an item's status, owner, due date, notes, justification or priority (recorded with your reason)")
      .argument('<id>', 'assessment')
      .argument('<item>', 'item id (iso.7.3.7), clause (7.3.7) or provision (820.35(a))')
      .option('-s, --status <status>', 'not-assessed, compliant, partial, gap or not-applicable')
      .option('--owner <name>', 'who owns the item ("" clears it)')
      .option('--due <date>', 'due date, YYYY-MM-DD ("" clears it)')
      .option('--notes <text>', 'notes, e.g. what the gap is')
      .option('--justification <text>', 'why the item does not apply (required for not-applicable)')
      .option('--priority <priority>', 'low, medium, high or critical')
      .option('-r, --reason <text>', 'why you make this change (recorded in the audit trail)'),
  ).action(async (id: string, item: string, opts: SetOptions) => done(await runSet(id, item, opts)));

  storeOptions(
    cmd
      .command('evidence')
      .description('Propose evidence from a scan, accept or reject proposals, attach evidence by hand, or list evidence')
      .argument('<id>', 'assessment')
      .option('--scan <file>', 'a scan result (qmsr scan --format json) to propose evidence from')
      .option('--root <dir>', 'with --scan: the folder the scan was run on, to read the documents again (default: the current folder)')
      .option('--scan-paths <paths...>', 'scan these files or folders now and propose evidence from them')
      .option('--accept <evidence...>', 'accept proposals (evidence ids, or unique starts of them)')
      .option('--reject <evidence...>', 'reject proposals')
      .option('--attach <file>', 'attach a document as accepted evidence (with --item)')
      .option('-i, --item <item>', 'the item for --attach, or to filter --list')
      .option('--location <where>', 'with --attach: where in the document, e.g. "page 3", "paragraph 12", "section 5.2"')
      .option('--excerpt <text>', 'with --attach: the passage')
      .option('--note <text>', 'with --attach: why it supports the item')
      .option('-r, --reason <text>', 'why (recorded in the audit trail; required to reverse a decision)')
      .option('--list', 'list the evidence (with ids to accept or reject)')
      .option('--state <state>', 'with --list: proposed, accepted or rejected')
      .option('-f, --format <format>', 'text or json', 'text'),
  ).action(async (id: string, opts: EvidenceOptions) => done(await runEvidence(id, opts)));

  storeOptions(
    cmd
      .command('action')
      .description('Add a remediation action for an item (or the whole assessment), or update one with --update')
      .argument('<id>', 'assessment')
      .argument('[item]', 'the item the action closes (omit for an assessment-wide action)')
      .option('-t, --title <text>', 'what will be done')
      .option('--owner <name>', 'who does it')
      .option('--due <date>', 'due date, YYYY-MM-DD')
      .option('--status <status>', 'open, in-progress, done or cancelled')
      .option('--update <action>', 'change this action (id or unique start) instead of adding one')
      .option('-r, --reason <text>', 'why (recorded in the audit trail)'),
  ).action(async (id: string, item: string | undefined, opts: ActionOptions) => done(await runAction(id, item, opts)));

  storeOptions(
    cmd
      .command('comment')
      .description('Add a comment to an item (comments cannot be edited or deleted)')
      .argument('<id>', 'assessment')
      .argument('<item>', 'item')
      .argument('<text>', 'the comment'),
  ).action(async (id: string, item: string, text: string, opts: StoreOptions) => done(await runComment(id, item, text, opts)));
}

async function service() {
  return import('../../assessment/service.js');
}

async function runCreate(opts: CreateOptions): Promise<number> {
  if (!['text', 'json'].includes(opts.format ?? 'text')) return fail(`unknown format "${opts.format}"; use text or json`);
  let profile;
  try {
    profile = loadProfile(opts.profile);
  } catch (err) {
    if (err instanceof ProfileError) return fail(`invalid profile ${err.message}`);
    throw err;
  }
  return withStore(opts, async (store) => {
    const svc = await service();
    const a = await svc.createAssessment(store, { name: opts.name, profile, actor: cliActor(opts.as) });
    if (opts.format === 'json') emit(toJson(a));
    else {
      emit(`${a.id}\n`);
      say(`Created assessment "${a.name}" for ${a.organization}: ${a.applicable} of ${a.items} items apply (knowledge base ${a.kbVersion}).`);
      say(`Next: qmsr assessment evidence ${a.id.slice(0, 8)} --scan-paths SOPS_FOLDER`);
    }
    return EXIT.ok;
  });
}

async function runList(opts: StoreOptions & { format: string }): Promise<number> {
  return withStore(opts, async (store) => {
    const list = await (await service()).listAssessments(store);
    if (opts.format === 'json') {
      emit(toJson({ assessments: list }));
      return EXIT.ok;
    }
    if (list.length === 0) {
      say('No assessments yet. Create one with: qmsr assessment create --profile FILE --name NAME');
      return EXIT.ok;
    }
    const lines = list.map((a) => {
      const c = a.counts;
      return `${a.id}  ${a.name} — ${a.organization} (${a.status}, created ${a.createdAt.slice(0, 10)}): ${c.compliant} compliant, ${c.partial} partial, ${c.gap} gap, ${c['not-assessed']} not assessed, ${c['not-applicable']} n/a`;
    });
    emit(`${lines.join('\n')}\n`);
    return EXIT.ok;
  });
}

async function runShow(ref: string, opts: ShowOptions): Promise<number> {
  if (!['text', 'json'].includes(opts.format)) return fail(`unknown format "${opts.format}"; use text or json`);
  return withStore(opts, async (store) => {
    const svc = await service();
    const a = await resolveAssessment(store, ref);
    if (opts.item) {
      const row = resolveItem(await svc.listItems(store, a.id), opts.item);
      const item = await svc.getItem(store, a.id, row.itemId);
      emit(opts.format === 'json' ? toJson(item) : itemText(item), opts.output);
      return EXIT.ok;
    }
    const items = await svc.listItems(store, a.id, {
      ...(opts.status ? { status: opts.status as ItemRow['status'] } : {}),
      ...(opts.area ? { area: opts.area } : {}),
      ...(opts.owner ? { owner: opts.owner } : {}),
    });
    const s = await svc.summary(store, a.id);
    if (opts.format === 'json') emit(toJson({ assessment: a, summary: s, items }), opts.output);
    else emit(showText(a, s, items), opts.output);
    return EXIT.ok;
  });
}

function showText(a: AssessmentInfo, s: Awaited<ReturnType<Awaited<ReturnType<typeof service>>['summary']>>, items: ItemRow[]): string {
  const out: string[] = [];
  out.push(`${a.name} — ${a.organization}`);
  out.push(`  id ${a.id}, ${a.status}, knowledge base ${a.kbVersion}, version ${a.version}`);
  out.push(
    `  ${s.applicable} applicable items: ${s.byStatus.compliant} compliant, ${s.byStatus.partial} partial, ${s.byStatus.gap} gap, ${s.byStatus['not-assessed']} not assessed, ${s.byStatus['not-applicable']} not applicable; ${s.excluded} excluded by the profile`,
  );
  out.push(
    `  evidence: ${s.evidence.accepted} accepted, ${s.evidence.proposed} proposed; ${s.coverage.uncovered.length} items no document covers; ${s.needsRevision.length} of ${s.documents} documents need revision; ${s.openActions} open actions (${s.actions.overdue} overdue)`,
  );
  out.push('');
  const w = Math.max(...items.map((i) => i.itemId.length), 4);
  out.push(`${'ITEM'.padEnd(w)}  ${'STATUS'.padEnd(14)}  ${'PRIORITY'.padEnd(8)}  ${'OWNER'.padEnd(14)}  ${'DUE'.padEnd(10)}  EVIDENCE  TITLE`);
  for (const i of items) {
    const ev = `${i.evidenceCounts.accepted}/${i.evidenceCounts.proposed}`;
    out.push(
      `${i.itemId.padEnd(w)}  ${(i.applicable ? i.status : `(${i.status})`).padEnd(14)}  ${i.priority.padEnd(8)}  ${(i.owner ?? '').slice(0, 14).padEnd(14)}  ${(i.dueDate ?? '').padEnd(10)}  ${ev.padEnd(8)}  ${i.title}`,
    );
  }
  out.push('', 'EVIDENCE is accepted/proposed; a status in brackets belongs to an item the profile excludes.');
  return `${out.join('\n')}\n`;
}

function itemText(item: Awaited<ReturnType<Awaited<ReturnType<typeof service>>['getItem']>>): string {
  const out: string[] = [];
  out.push(`${item.itemId}: ${item.requirement} — ${item.title}`);
  out.push(`  ${item.applicable ? 'Applies' : 'Does not apply'}: ${item.reason}`);
  out.push(`  Status ${item.status}, priority ${item.priority}, owner ${item.owner ?? '-'}, due ${item.dueDate ?? '-'}, version ${item.version}`);
  if (item.justification) out.push(`  Justification: ${item.justification}`);
  if (item.notes) out.push(`  Notes: ${item.notes}`);
  out.push('', 'Evidence:');
  if (item.evidence.length === 0) out.push('  none');
  for (const e of item.evidence) {
    out.push(`  ${e.id.slice(0, 8)}  ${e.state.padEnd(8)}  ${e.documentPath} ${where(e.location)}  sha256 ${e.documentSha256.slice(0, 12)}…${e.current ? '' : ' [earlier version]'}`);
    if (e.basis) out.push(`            ${e.basis}`);
  }
  out.push('', 'Actions:');
  if (item.actions.length === 0) out.push('  none');
  for (const a of item.actions) out.push(`  ${a.id.slice(0, 8)}  ${a.status.padEnd(11)}  ${a.title} (${a.owner ?? 'no owner'}, due ${a.dueDate ?? '-'})`);
  out.push('', 'History:');
  for (const h of item.history) {
    out.push(`  ${h.changedAt}  ${h.changedBy}  ${h.action}${h.field ? ` ${h.field}` : ''}: ${h.oldValue ?? '∅'} → ${h.newValue ?? '∅'}${h.reason ? `  (${h.reason})` : ''}`);
  }
  if (item.comments.length > 0) {
    out.push('', 'Comments:');
    for (const c of item.comments) out.push(`  ${c.createdAt}  ${c.author}: ${c.body}`);
  }
  return `${out.join('\n')}\n`;
}

async function runSet(ref: string, itemRef: string, opts: SetOptions): Promise<number> {
  const changes = {
    ...(opts.status !== undefined ? { status: opts.status as ItemRow['status'] } : {}),
    ...(opts.owner !== undefined ? { owner: opts.owner } : {}),
    ...(opts.due !== undefined ? { dueDate: opts.due } : {}),
    ...(opts.notes !== undefined ? { notes: opts.notes } : {}),
    ...(opts.justification !== undefined ? { justification: opts.justification } : {}),
    ...(opts.priority !== undefined ? { priority: opts.priority as ItemRow['priority'] } : {}),
  };
  if (Object.keys(changes).length === 0) return fail('nothing to change: give --status, --owner, --due, --notes, --justification or --priority');
  return withStore(opts, async (store) => {
    const svc = await service();
    const a = await resolveAssessment(store, ref);
    const before = resolveItem(await svc.listItems(store, a.id), itemRef);
    const after = await svc.updateItem(store, a.id, before.itemId, changes, { actor: cliActor(opts.as), reason: opts.reason ?? null, expectedVersion: before.version });
    const fields: [string, unknown, unknown][] = [
      ['status', before.status, after.status],
      ['owner', before.owner, after.owner],
      ['due', before.dueDate, after.dueDate],
      ['notes', before.notes, after.notes],
      ['justification', before.justification, after.justification],
      ['priority', before.priority, after.priority],
    ];
    const changed = fields.filter(([, x, y]) => x !== y).map(([f, x, y]) => `${f} ${x ?? '∅'} → ${y ?? '∅'}`);
    say(changed.length > 0 ? `${after.itemId}: ${changed.join('; ')} (version ${after.version})` : `${after.itemId}: nothing changed`);
    return EXIT.ok;
  });
}

async function runEvidence(ref: string, opts: EvidenceOptions): Promise<number> {
  const modes = [opts.scan, opts.scanPaths, opts.accept, opts.reject, opts.attach, opts.list].filter((x) => x !== undefined && x !== false).length;
  if (modes !== 1) return fail('give one of --scan FILE, --scan-paths PATH..., --accept ID..., --reject ID..., --attach FILE --item ITEM, or --list');
  return withStore(opts, async (store) => {
    const svc = await service();
    const a = await resolveAssessment(store, ref);
    const actor = cliActor(opts.as);
    if (opts.scan || opts.scanPaths) {
      const { scan, documents } = opts.scan ? await loadScan(opts.scan, opts.root ?? '.') : await runScanNow(opts.scanPaths!);
      const r = await svc.proposeEvidence(store, a.id, scan, { actor, documents });
      if (opts.format === 'json') emit(toJson(r));
      say(
        `Recorded ${r.documents} document(s); proposed ${r.proposed} piece(s) of evidence${r.alreadyKnown ? ` (${r.alreadyKnown} already known)` : ''}. ` +
          `${r.uncovered.length} applicable item(s) have no evidence yet; ${r.needsRevision.length} document(s) need revision.`,
      );
      for (const n of r.needsRevision) say(`  needs revision: ${n.path}: ${n.summary}`);
      for (const u of r.unreadable) say(`  not read: ${u.path}: ${u.error}`);
      for (const p of r.withoutText) say(`  only findings used (text not available or changed since the scan): ${p}`);
      say(`Review with: qmsr assessment evidence ${a.id.slice(0, 8)} --list --state proposed`);
      return EXIT.ok;
    }
    if (opts.accept || opts.reject) {
      const decision = opts.accept ? 'accepted' : 'rejected';
      const all = await svc.listEvidence(store, a.id);
      for (const evRef of opts.accept ?? opts.reject ?? []) {
        const matches = all.filter((e) => e.id === evRef || e.id.startsWith(evRef.toLowerCase()));
        if (matches.length !== 1) return fail(matches.length === 0 ? `no evidence "${evRef}" in this assessment` : `"${evRef}" matches ${matches.length} pieces of evidence; give more of the id`);
        const e = await svc.decideEvidence(store, matches[0]!.id, decision, { actor, reason: opts.reason ?? null });
        say(`${e.id.slice(0, 8)} ${e.itemId}: ${e.documentPath} ${decision}`);
      }
      return EXIT.ok;
    }
    if (opts.attach) {
      if (!opts.item) return fail('--attach needs --item ITEM');
      const item = resolveItem(await svc.listItems(store, a.id), opts.item);
      const bytes = readFileSync(opts.attach);
      const e = await svc.attachEvidence(
        store,
        a.id,
        {
          itemId: item.itemId,
          documentPath: opts.attach,
          documentSha256: createHash('sha256').update(bytes).digest('hex'),
          location: parseLocation(opts.location),
          excerpt: opts.excerpt ?? null,
          note: opts.note ?? null,
        },
        { actor, reason: opts.reason ?? null },
      );
      say(`${e.id.slice(0, 8)} ${e.itemId}: ${e.documentPath} attached (sha256 ${e.documentSha256})`);
      return EXIT.ok;
    }
    const itemId = opts.item ? resolveItem(await svc.listItems(store, a.id), opts.item).itemId : undefined;
    const list = await svc.listEvidence(store, a.id, {
      ...(itemId ? { itemId } : {}),
      ...(opts.state ? { state: opts.state as 'proposed' | 'accepted' | 'rejected' } : {}),
    });
    if (opts.format === 'json') emit(toJson({ evidence: list }));
    else if (list.length === 0) say('No evidence matches.');
    else
      emit(
        `${list
          .map((e) => `${e.id.slice(0, 8)}  ${e.state.padEnd(8)}  ${e.itemId.padEnd(22)}  ${e.documentPath} ${where(e.location)}  score ${e.score ?? '-'}\n          ${e.basis ?? ''}`)
          .join('\n')}\n`,
      );
    return EXIT.ok;
  });
}

/** A stored location as a short label (`¶12`, `p.3`, `14:1`), with any other places the proposer found. */
function where(location: Record<string, unknown>): string {
  const label = (l: unknown) => formatLocation(l as Parameters<typeof formatLocation>[0]);
  const more = Array.isArray(location.more) ? location.more.map(label) : [];
  const main = label(location);
  return `${main === '-' && typeof location.text === 'string' ? location.text : main}${more.length ? ` (also ${more.join(', ')})` : ''}`;
}

/** "page 3" → {page: 3}; "paragraph 12" → {paragraph: 12}; anything else → {text}. */
function parseLocation(text: string | undefined): Record<string, unknown> {
  if (!text) return {};
  const m = /^\s*(page|p\.?|paragraph|para|¶|line|sheet|cell|section)\s*:?\s*(.+?)\s*$/i.exec(text);
  if (!m) return { text };
  const key = m[1]!.toLowerCase();
  const name = key.startsWith('p') && key !== 'paragraph' && key !== 'para' ? 'page' : key === 'para' || key === '¶' ? 'paragraph' : key;
  const n = Number(m[2]);
  return { [name]: Number.isInteger(n) ? n : m[2] };
}

/** A scan JSON file and, where the files can be read again unchanged, their text. */
async function loadScan(file: string, root: string): Promise<{ scan: ScanResult; documents: Map<string, TextDocument> }> {
  let scan: ScanResult;
  try {
    scan = JSON.parse(readFileSync(file, 'utf8').replace(/^\uFEFF/, '')) as ScanResult;
  } catch (err) {
    throw new CliInputError(`${file} is not a scan result (qmsr scan --format json): ${(err as Error).message}`);
  }
  if (scan?.schemaVersion !== 1 || !Array.isArray(scan.files) || !Array.isArray(scan.findings)) {
    throw new CliInputError(`${file} is not a scan result (qmsr scan --format json, schemaVersion 1).`);
  }
  // The contract does not promise each file's SHA-256; take it from the file as it is now.
  for (const f of scan.files) {
    if (f.status !== 'ok' || f.sha256) continue;
    try {
      f.sha256 = createHash('sha256').update(readFileSync(join(resolve(root), f.path))).digest('hex');
    } catch {
      // Left without a hash: reported as not read.
    }
  }
  return { scan, documents: await readDocuments(scan, resolve(root)) };
}

/** Scan now, then read each scanned document's text. */
async function runScanNow(paths: string[]): Promise<{ scan: ScanResult; documents: Map<string, TextDocument> }> {
  const [{ scanPaths }, { scanBase }] = await Promise.all([import('../../scanner/scan-files.js'), import('../../scanner/discover.js')]);
  say(`Scanning ${paths.join(', ')} …`);
  const scan = await scanPaths(paths);
  const { statSync } = await import('node:fs');
  const base = scanBase(paths.map((p) => ({ path: resolve(p), isDirectory: statSync(resolve(p), { throwIfNoEntry: false })?.isDirectory() ?? false })));
  return { scan, documents: await readDocuments(scan, base) };
}

/** Read each scanned file under `root` whose bytes still have the scan's SHA-256. */
async function readDocuments(scan: ScanResult, root: string): Promise<Map<string, TextDocument>> {
  const { readDocument } = await import('../../readers/index.js');
  const out = new Map<string, TextDocument>();
  for (const f of scan.files) {
    if (f.status !== 'ok' || !f.sha256) continue;
    const path = join(root, f.path);
    let bytes: Buffer;
    try {
      bytes = readFileSync(path);
    } catch {
      continue;
    }
    if (createHash('sha256').update(bytes).digest('hex') !== f.sha256) continue;
    try {
      out.set(f.path, await readDocument(path));
    } catch {
      // The findings are still used; the result lists the file under withoutText.
    }
  }
  return out;
}

async function runAction(ref: string, itemRef: string | undefined, opts: ActionOptions): Promise<number> {
  return withStore(opts, async (store) => {
    const svc = await service();
    const a = await resolveAssessment(store, ref);
    const actor = cliActor(opts.as);
    if (opts.update) {
      const all = await svc.listActions(store, a.id);
      const matches = all.filter((x) => x.id === opts.update || x.id.startsWith(opts.update!.toLowerCase()));
      if (matches.length !== 1) return fail(matches.length === 0 ? `no action "${opts.update}" in this assessment` : `"${opts.update}" matches ${matches.length} actions`);
      const current = matches[0]!;
      const updated = await svc.updateAction(
        store,
        current.id,
        {
          ...(opts.title !== undefined ? { title: opts.title } : {}),
          ...(opts.owner !== undefined ? { owner: opts.owner } : {}),
          ...(opts.due !== undefined ? { dueDate: opts.due } : {}),
          ...(opts.status !== undefined ? { status: opts.status as 'open' } : {}),
        },
        { actor, reason: opts.reason ?? null, expectedVersion: current.version },
      );
      say(`Action ${updated.id.slice(0, 8)} "${updated.title}": ${updated.status}, ${updated.owner ?? 'no owner'}, due ${updated.dueDate ?? '-'} (version ${updated.version})`);
      return EXIT.ok;
    }
    if (!opts.title) return fail('an action needs --title');
    const itemId = itemRef ? resolveItem(await svc.listItems(store, a.id), itemRef).itemId : null;
    const action = await svc.addAction(
      store,
      a.id,
      { itemId, title: opts.title, owner: opts.owner ?? null, dueDate: opts.due ?? null, ...(opts.status ? { status: opts.status as 'open' } : {}) },
      { actor, reason: opts.reason ?? null },
    );
    emit(`${action.id}\n`);
    say(`Added action "${action.title}"${itemId ? ` for ${itemId}` : ''}: ${action.owner ?? 'no owner'}, due ${action.dueDate ?? '-'}.`);
    return EXIT.ok;
  });
}

async function runComment(ref: string, itemRef: string, text: string, opts: StoreOptions): Promise<number> {
  return withStore(opts, async (store) => {
    const svc = await service();
    const a = await resolveAssessment(store, ref);
    const item = resolveItem(await svc.listItems(store, a.id), itemRef);
    await svc.addComment(store, a.id, item.itemId, text, { actor: cliActor(opts.as) });
    say(`Comment added to ${item.itemId}.`);
    return EXIT.ok;
  });
}
