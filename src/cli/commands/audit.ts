/**
 * `qmsr audit verify` checks the hash chain of the audit trail (exit 0 when
 * intact, 1 when an event was changed, removed or inserted, naming the first
 * one). `qmsr audit export` writes the trail as CSV or PDF.
 */
import type { Command } from 'commander';
import { EXIT, emit, fail, say, toJson } from '../io.js';
import { resolveAssessment, storeOptions, withStore } from './assessment.js';
import type { StoreOptions } from './assessment.js';

interface VerifyOptions extends StoreOptions {
  format: string;
}

interface ExportOptions extends StoreOptions {
  format?: string;
  output?: string;
  assessment?: string;
}

/** `qmsr audit …`. */
export function registerAudit(program: Command, done: (code: number) => void): void {
  const cmd = program.command('audit').description('The audit trail: verify its hash chain, export it as CSV or PDF');
  storeOptions(
    cmd
      .command('verify')
      .description('Check that no audit event was changed, removed or inserted')
      .option('-f, --format <format>', 'text or json', 'text')
      .addHelpText('after', '\nExit codes: 0 the chain is intact; 1 it is broken (the first bad event is named); 2 usage error.'),
    false,
  ).action(async (opts: VerifyOptions) => done(await runVerify(opts)));
  storeOptions(
    cmd
      .command('export')
      .description('Write the audit trail (all of it, or one assessment\'s events) as CSV or PDF')
      .option('-f, --format <format>', 'csv or pdf (default: from the --output extension)')
      .option('-o, --output <file>', 'write to this file (required for pdf)')
      .option('-a, --assessment <id>', 'only the events of this assessment'),
    false,
  ).action(async (opts: ExportOptions) => done(await runExport(opts)));
}

async function runVerify(opts: VerifyOptions): Promise<number> {
  if (!['text', 'json'].includes(opts.format)) return fail(`unknown format "${opts.format}"; use text or json`);
  return withStore(opts, async (store) => {
    const { listAuditEvents, verifyAuditChain } = await import('../../assessment/audit.js');
    const v = await verifyAuditChain(store);
    if (opts.format === 'json') emit(toJson(v));
    else if (v.ok) emit(v.count === 0 ? 'Audit trail is empty.\n' : `Audit trail intact: ${v.count} events; head seq ${v.head!.seq}, hash ${v.head!.hash}.\n`);
    else {
      const [bad] = await listAuditEvents(store.db, { afterSeq: (v.firstBadSeq ?? 1) - 1, limit: 1 });
      const row = bad
        ? `\n  event ${bad.seq}: ${bad.at} ${bad.actorName} (${bad.actorId}) ${bad.action} ${bad.entity} ${bad.itemId ?? bad.entityId}` +
          `${bad.field ? ` ${bad.field}` : ''}: ${bad.oldValue ?? '∅'} → ${bad.newValue ?? '∅'}${bad.reason ? ` (${bad.reason})` : ''}\n  stored hash ${bad.hash}\n`
        : '\n';
      emit(`Audit trail BROKEN at event ${v.firstBadSeq}: ${v.reason}. ${v.count} events before it verify.${row}`);
    }
    return v.ok ? EXIT.ok : EXIT.findings;
  });
}

async function runExport(opts: ExportOptions): Promise<number> {
  const format = opts.format ?? (opts.output?.toLowerCase().endsWith('.pdf') ? 'pdf' : opts.output?.toLowerCase().endsWith('.csv') ? 'csv' : undefined);
  if (format !== 'csv' && format !== 'pdf') return fail('give --format csv or pdf (or an --output file ending in .csv or .pdf)');
  if (format === 'pdf' && !opts.output) return fail('a PDF is binary; write it to a file with --output FILE');
  return withStore(opts, async (store) => {
    const [{ listAuditEvents, verifyAuditChain }, { auditCsv, auditPdf }, { toolVersion }] = await Promise.all([
      import('../../assessment/audit.js'),
      import('../../reports/audit-export.js'),
      import('../../util/version.js'),
    ]);
    const assessment = opts.assessment ? await resolveAssessment(store, opts.assessment) : undefined;
    const events = await listAuditEvents(store.db, assessment ? { assessmentId: assessment.id } : {});
    const verification = await verifyAuditChain(store);
    if (format === 'csv') emit(auditCsv(events), opts.output);
    else {
      const scope = assessment ? `assessment "${assessment.name}" (${assessment.id})` : 'all assessments';
      emit(await auditPdf(events, { verification, generatedAt: new Date().toISOString(), toolVersion: toolVersion(), source: store.location, scope }), opts.output);
    }
    if (opts.output) say(`Wrote ${opts.output}: ${events.length} events (${verification.ok ? 'chain verified' : `chain BROKEN at event ${verification.firstBadSeq}`}).`);
    return verification.ok ? EXIT.ok : EXIT.findings;
  });
}
