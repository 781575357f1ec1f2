/**
 * The organisation profile questions (src/assessment/profile.ts), grouped as
 * a person would answer them. The server validates the profile; these labels
 * only make the form readable.
 */

/** A yes/no question of the profile. */
export interface ProfileQuestion {
  key: string;
  label: string;
  /** The server's default when the question is not answered. */
  fallback: boolean;
}

/** Questions in groups, in the order of the form. */
export const PROFILE_GROUPS: { legend: string; questions: ProfileQuestion[] }[] = [
  {
    legend: 'Where the quality system stands',
    questions: [
      { key: 'iso13485Certified', label: 'Holds an ISO 13485:2016 certificate', fallback: false },
      { key: 'qsrCompliant', label: 'Quality system was built to the old QSR', fallback: false },
      { key: 'mdsapParticipant', label: 'Takes part in MDSAP', fallback: false },
    ],
  },
  {
    legend: 'Devices',
    questions: [
      { key: 'class1WithSoftware', label: 'Class I devices automated with software', fallback: false },
      { key: 'class1Listed', label: 'Class I devices listed in the 820.10(c) table', fallback: false },
      { key: 'lifeSupporting', label: 'Life-supporting or life-sustaining devices', fallback: false },
      { key: 'implantable', label: 'Implantable devices', fallback: false },
      { key: 'tracked', label: 'Devices under a Part 821 tracking order', fallback: false },
      { key: 'sterile', label: 'Devices supplied sterile', fallback: false },
      { key: 'combinationProduct', label: 'Combination products', fallback: false },
      { key: 'hctp', label: 'HCT/Ps regulated as devices', fallback: false },
    ],
  },
  {
    legend: 'Activities',
    questions: [
      { key: 'designActivities', label: 'Designs or develops devices', fallback: true },
      { key: 'production', label: 'Carries out production itself', fallback: true },
      { key: 'labeling', label: 'Carries out labeling or packaging operations', fallback: true },
      { key: 'outsourcedProcesses', label: 'Outsources processes', fallback: true },
      { key: 'customerProperty', label: 'Holds customer property', fallback: true },
      { key: 'servicing', label: 'Services devices', fallback: false },
      { key: 'installation', label: 'Installs devices', fallback: false },
    ],
  },
  {
    legend: 'Roles under 21 CFR 820.1(a)',
    questions: [
      { key: 'contractManufacturer', label: 'Contract manufacturer', fallback: false },
      { key: 'contractSterilizer', label: 'Contract sterilizer', fallback: false },
      { key: 'relabeler', label: 'Relabeler', fallback: false },
      { key: 'repackager', label: 'Repackager', fallback: false },
      { key: 'remanufacturer', label: 'Remanufacturer', fallback: false },
      { key: 'specificationDeveloper', label: 'Specification developer', fallback: false },
      { key: 'initialDistributor', label: 'Initial distributor of a foreign manufacturer', fallback: false },
      { key: 'componentManufacturerOnly', label: 'Makes only components or parts', fallback: false },
    ],
  },
];

/** Device classes. */
export const DEVICE_CLASSES = ['I', 'II', 'III'] as const;

/** A profile as edited in the form. */
export type ProfileDraft = Record<string, unknown> & { organization: string; deviceClasses: string[] };

/** An empty profile with every default. */
export function emptyProfile(): ProfileDraft {
  const draft: ProfileDraft = { organization: '', deviceClasses: [] };
  for (const group of PROFILE_GROUPS) for (const q of group.questions) draft[q.key] = q.fallback;
  return draft;
}

/** Read a profile JSON file's text into a draft (unknown keys are kept; the server reports them). */
export function parseProfileJson(text: string): ProfileDraft {
  const parsed: unknown = JSON.parse(text);
  if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) throw new Error('A profile file holds one JSON object.');
  const value = parsed as Record<string, unknown>;
  const { $schema: _schema, assumed: _assumed, ...rest } = value;
  return {
    ...emptyProfile(),
    ...rest,
    organization: typeof value.organization === 'string' ? value.organization : '',
    deviceClasses: Array.isArray(value.deviceClasses) ? value.deviceClasses.map(String) : [],
  };
}
