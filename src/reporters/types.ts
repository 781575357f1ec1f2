/**
 * What every reporter takes and returns. A reporter is a pure function from a
 * scan result to the text of one output format; it does no I/O.
 */
import type { ScanResult, Severity } from '../scanner/types.js';

/**
 * Rule metadata passed through to SARIF's `tool.driver.rules`. The scanner's
 * `RuleMeta` fits this shape, so `ruleMetas` can be passed as is.
 */
export interface RuleInfo {
  /** Stable rule id, as in `Finding.ruleId`. */
  id: string;
  /** One line: becomes SARIF `shortDescription`. */
  description: string;
  defaultSeverity: Severity;
  /** Absolute URL of the rule's documentation. */
  helpUri?: string;
  /** A paragraph: becomes SARIF `fullDescription` (falls back to `description`). */
  rationale?: string;
}

/** Options shared by all reporters; each reporter reads the ones it needs. */
export interface ReporterOptions {
  /** Text reporter: ANSI colours and underlining. Off unless set. */
  color?: boolean;
  /** SARIF: rule metadata for `tool.driver.rules`. Rules seen in findings but missing here get a minimal entry. */
  rules?: readonly RuleInfo[];
  /** SARIF: the folder finding paths are relative to, recorded as `%SRCROOT%` in `originalUriBaseIds`. */
  cwd?: string;
  /** SARIF: absolute URL of the tool's home page (`tool.driver.informationUri`); omitted when not given. */
  informationUri?: string;
}

/** Turns a scan result into the text of one output format. */
export type Reporter = (result: ScanResult, options: ReporterOptions) => string;
