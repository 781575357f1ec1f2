/**
 * The organisation profile that tailors the gap-assessment checklist
 * (`qmsr checklist --profile FILE`). The contract fields come first; the rest
 * are the facts that change which requirements apply (21 CFR 820.1(a): a firm
 * that performs only some operations meets the requirements for those).
 *
 * Defaults are conservative: an activity flag that is not given is assumed to
 * be performed, so nothing is excluded unless the profile says so.
 */
import { readFileSync } from 'node:fs';
import { parseDocument } from 'yaml';
import { z } from 'zod';

const flag = (fallback: boolean) => z.boolean().default(fallback);

/** The profile as read from JSON: unknown keys are rejected so that a typo cannot silently change the checklist. */
export const profileSchema = z
  .object({
    $schema: z.string().optional(),
    organization: z.string().trim().min(1, 'give the organisation name'),
    /** Free text for the reader; not used by the rules. */
    notes: z.string().optional(),
    /** Output only: recomputed on every read (see parseProfile). Accepted so a checklist's profile can be read back. */
    assumed: z.array(z.string()).optional(),
    iso13485Certified: flag(false),
    qsrCompliant: flag(false),
    deviceClasses: z.array(z.enum(['I', 'II', 'III'])).default([]),
    class1WithSoftware: flag(false),
    class1Listed: flag(false),
    lifeSupporting: flag(false),
    implantable: flag(false),
    tracked: flag(false),
    sterile: flag(false),
    servicing: flag(false),
    installation: flag(false),
    combinationProduct: flag(false),
    /** Which CGMP operating system a combination product is made under (21 CFR 4.4(b)). */
    combinationProductBase: z.enum(['qmsr', 'drug-cgmp']).default('qmsr'),
    hctp: flag(false),
    contractManufacturer: flag(false),
    contractSterilizer: flag(false),
    relabeler: flag(false),
    repackager: flag(false),
    remanufacturer: flag(false),
    specificationDeveloper: flag(false),
    initialDistributor: flag(false),
    componentManufacturerOnly: flag(false),
    mdsapParticipant: flag(false),
    designActivities: flag(true),
    production: flag(true),
    labeling: flag(true),
    outsourcedProcesses: flag(true),
    customerProperty: flag(true),
  })
  .strict()
  .superRefine((p, ctx) => {
    const issue = (path: string, message: string): void => {
      ctx.addIssue({ code: 'custom', path: [path], message });
    };
    if ((p.class1WithSoftware || p.class1Listed) && !p.deviceClasses.includes('I')) {
      issue(p.class1WithSoftware ? 'class1WithSoftware' : 'class1Listed', 'is true, but deviceClasses does not include "I"');
    }
    if (!p.labeling && (p.relabeler || p.repackager)) {
      issue('labeling', `is false, but a ${p.relabeler ? 'relabeler' : 'repackager'} performs labeling or packaging operations`);
    }
    if (!p.production) {
      const producer = (['contractManufacturer', 'contractSterilizer', 'relabeler', 'repackager', 'remanufacturer'] as const).find((k) => p[k]);
      if (producer) issue('production', `is false, but ${producer} is true, and that role carries out production operations itself`);
    }
    if (p.specificationDeveloper && !p.production && !p.outsourcedProcesses) {
      issue('outsourcedProcesses', 'is false, but a specification developer that does no production itself outsources it');
    }
    if (p.combinationProductBase !== 'qmsr' && !p.combinationProduct) {
      issue('combinationProductBase', 'is set, but combinationProduct is false');
    }
  });

/** Profile keys that rules may test (everything except free text). */
export type ProfileField = Exclude<keyof z.output<typeof profileSchema>, '$schema' | 'organization' | 'notes' | 'assumed'>;

/** A validated profile with every default filled in; `assumed` lists the fields the file did not give. */
export type Profile = Omit<z.output<typeof profileSchema>, 'assumed'> & { assumed: ProfileField[] };

/** How a profile field is tested in rules and shown in reasons. */
export interface FieldInfo {
  kind: 'boolean' | 'list' | 'enum';
  /** Short noun phrase shown in reasons: `devices supplied sterile = no`. */
  label: string;
  values?: readonly string[];
}

/** Every rule-testable profile field with the phrase used in reasons. */
export const PROFILE_FIELDS: Record<ProfileField, FieldInfo> = {
  iso13485Certified: { kind: 'boolean', label: 'ISO 13485:2016 certificate' },
  qsrCompliant: { kind: 'boolean', label: 'QMS built to the old QSR' },
  deviceClasses: { kind: 'list', label: 'device classes', values: ['I', 'II', 'III'] },
  class1WithSoftware: { kind: 'boolean', label: 'class I devices automated with software' },
  class1Listed: { kind: 'boolean', label: 'class I devices listed in the 820.10(c) table' },
  lifeSupporting: { kind: 'boolean', label: 'life-supporting or life-sustaining devices' },
  implantable: { kind: 'boolean', label: 'implantable devices' },
  tracked: { kind: 'boolean', label: 'devices under a Part 821 tracking order' },
  sterile: { kind: 'boolean', label: 'devices supplied sterile' },
  servicing: { kind: 'boolean', label: 'services devices' },
  installation: { kind: 'boolean', label: 'installs devices' },
  combinationProduct: { kind: 'boolean', label: 'combination products' },
  combinationProductBase: { kind: 'enum', label: 'combination product CGMP operating system', values: ['qmsr', 'drug-cgmp'] },
  hctp: { kind: 'boolean', label: 'HCT/Ps regulated as devices' },
  contractManufacturer: { kind: 'boolean', label: 'contract manufacturer' },
  contractSterilizer: { kind: 'boolean', label: 'contract sterilizer' },
  relabeler: { kind: 'boolean', label: 'relabeler' },
  repackager: { kind: 'boolean', label: 'repackager' },
  remanufacturer: { kind: 'boolean', label: 'remanufacturer' },
  specificationDeveloper: { kind: 'boolean', label: 'specification developer' },
  initialDistributor: { kind: 'boolean', label: 'initial distributor of a foreign manufacturer' },
  componentManufacturerOnly: { kind: 'boolean', label: 'makes only components or parts' },
  mdsapParticipant: { kind: 'boolean', label: 'MDSAP participant' },
  designActivities: { kind: 'boolean', label: 'designs or develops devices' },
  production: { kind: 'boolean', label: 'carries out production itself' },
  labeling: { kind: 'boolean', label: 'carries out labeling or packaging operations' },
  outsourcedProcesses: { kind: 'boolean', label: 'outsources processes' },
  customerProperty: { kind: 'boolean', label: 'holds customer property' },
};

/** A profile that could not be read or is invalid; the message names the file and the field. */
export class ProfileError extends Error {
  constructor(
    readonly file: string,
    readonly problems: string[],
  ) {
    super(`${file}: ${problems.length === 1 ? problems[0] : `${problems.length} problems in the profile:\n${problems.map((p) => `  - ${p}`).join('\n')}`}`);
    this.name = 'ProfileError';
  }
}

/** Validate a parsed profile; `source` names it in errors. */
export function parseProfile(value: unknown, source: string): Profile {
  const result = profileSchema.safeParse(value);
  if (!result.success) throw new ProfileError(source, result.error.issues.map(describeIssue));
  const given = new Set(Object.keys(value as object));
  const assumed = (Object.keys(PROFILE_FIELDS) as ProfileField[]).filter((k) => !given.has(k));
  return { ...result.data, assumed };
}

/** Read and validate a profile JSON file. Throws ProfileError naming the file and field. */
export function loadProfile(file: string): Profile {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new ProfileError(file, [code === 'ENOENT' ? 'no such file' : `cannot read the file (${code ?? (err as Error).message})`]);
  }
  let value: unknown;
  try {
    value = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (err) {
    throw new ProfileError(file, [`not valid JSON: ${jsonErrorWhere(text, (err as Error).message)}`]);
  }
  return parseProfile(value, file);
}

function describeIssue(issue: z.core.$ZodIssue): string {
  const path = issue.path.map((p) => (typeof p === 'number' ? `[${p}]` : String(p))).join('.').replace(/\.\[/g, '[');
  if (issue.code === 'unrecognized_keys') {
    return issue.keys
      .map((k) => {
        const near = nearestField(k);
        return `unknown field "${k}"${near ? ` (did you mean "${near}"?)` : ''}`;
      })
      .join('; ');
  }
  if (issue.code === 'invalid_type' && issue.input === undefined) return `field "${path}" is required`;
  return `field "${path}": ${issue.message}`;
}

/** Where JSON.parse failed, as line and column. Node 20 omits the position for some errors; the YAML parser finds it then. */
function jsonErrorWhere(text: string, message: string): string {
  const given = /position (\d+)/.exec(message);
  let offset = given ? Number(given[1]) : undefined;
  let what = message.split(/ in JSON at position| is not valid JSON|\n/)[0]!.replace(/, "[^"]*$/, '');
  if (offset === undefined) {
    const first = parseDocument(text, { schema: 'json', prettyErrors: false }).errors[0];
    if (!first) return what;
    offset = first.pos[0];
    what = first.message.split('\n')[0]!;
  }
  const before = text.slice(0, offset);
  return `${what} at line ${before.split('\n').length}, column ${before.length - before.lastIndexOf('\n')}`;
}

/** The known field closest to a misspelt one, if it is close enough to be a typo. */
function nearestField(key: string): string | undefined {
  const known = Object.keys(profileSchema.shape);
  let best: { name: string; d: number } | undefined;
  for (const name of known) {
    const d = editDistance(key.toLowerCase(), name.toLowerCase());
    if (!best || d < best.d) best = { name, d };
  }
  return best && best.d <= Math.max(2, Math.floor(key.length / 4)) ? best.name : undefined;
}

function editDistance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) {
      cur[j] = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    prev = cur;
  }
  return prev[b.length]!;
}
