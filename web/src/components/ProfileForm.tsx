/**
 * The organisation profile as a form: load a profile file (the same JSON the
 * `qmsr checklist --profile` command reads) and adjust the answers.
 */
import type { ChangeEvent } from 'react';
import { useId, useState } from 'react';
import { DEVICE_CLASSES, PROFILE_GROUPS, parseProfileJson } from '../lib/profile.js';
import type { ProfileDraft } from '../lib/profile.js';
import { ErrorAlert, Notice } from './Alert.js';
import { Field } from './Field.js';

interface ProfileFormProps {
  value: ProfileDraft;
  onChange: (next: ProfileDraft) => void;
}

/** Profile file loader + questions. */
export function ProfileForm({ value, onChange }: ProfileFormProps) {
  const [loaded, setLoaded] = useState<string>();
  const [loadError, setLoadError] = useState<unknown>();
  const groupId = useId();

  const load = async (event: ChangeEvent<HTMLInputElement>) => {
    const file = event.target.files?.[0];
    if (!file) return;
    try {
      onChange(parseProfileJson(await file.text()));
      setLoaded(`Answers loaded from ${file.name}. Check them before you create the assessment.`);
      setLoadError(undefined);
    } catch (err) {
      setLoadError(new Error(`${file.name} is not a profile file: ${err instanceof Error ? err.message : String(err)}`));
      setLoaded(undefined);
    }
  };

  const set = (key: string, v: unknown) => onChange({ ...value, [key]: v });
  const toggleClass = (c: string, on: boolean) =>
    set(
      'deviceClasses',
      on ? [...new Set([...value.deviceClasses, c])].sort() : value.deviceClasses.filter((x) => x !== c),
    );

  return (
    <div className="profile-form">
      <Field label="Load answers from a profile file (.json)" hint="Optional. The examples/profiles folder has three to start from.">
        {({ id, describedBy }) => <input id={id} type="file" accept=".json,application/json" onChange={(e) => void load(e)} aria-describedby={describedBy} />}
      </Field>
      <ErrorAlert error={loadError} />
      {loaded && <Notice>{loaded}</Notice>}
      <Field label="Organisation" required>
        {({ id }) => <input id={id} name="organization" value={value.organization} onChange={(e) => set('organization', e.target.value)} required />}
      </Field>
      <Field label="Notes" hint="Free text shown in reports; not used by the rules.">
        {({ id, describedBy }) => (
          <textarea id={id} rows={2} value={typeof value.notes === 'string' ? value.notes : ''} onChange={(e) => set('notes', e.target.value)} aria-describedby={describedBy} />
        )}
      </Field>
      <fieldset className="checkbox-group">
        <legend>Device classes made</legend>
        {DEVICE_CLASSES.map((c) => (
          <label key={c} className="checkbox">
            <input type="checkbox" checked={value.deviceClasses.includes(c)} onChange={(e) => toggleClass(c, e.target.checked)} />
            Class {c}
          </label>
        ))}
      </fieldset>
      {PROFILE_GROUPS.map((group, g) => (
        <fieldset key={group.legend} className="checkbox-group" aria-describedby={g === 0 ? `${groupId}-hint` : undefined}>
          <legend>{group.legend}</legend>
          {g === 0 && (
            <p className="hint" id={`${groupId}-hint`}>
              Tick what is true of the organisation. The checklist marks items that do not apply with the reason to keep in the quality manual.
            </p>
          )}
          {group.questions.map((q) => (
            <label key={q.key} className="checkbox">
              <input type="checkbox" checked={value[q.key] === true} onChange={(e) => set(q.key, e.target.checked)} />
              {q.label}
            </label>
          ))}
        </fieldset>
      ))}
    </div>
  );
}
