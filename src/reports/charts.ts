/**
 * The report's charts as SVG text: Vega-Lite specifications compiled and
 * rendered headless (`renderer: 'none'`), with no browser, canvas or network.
 * Vega escapes the text it writes; element ids are prefixed per chart so that
 * several charts can sit inline in one page.
 */
import * as vega from 'vega';
import { compile, type TopLevelSpec } from 'vega-lite';
import { ITEM_STATUSES, PRIORITIES } from '../store/index.js';
import type { HeatMap } from '../assessment/types.js';
import { PRIORITY_COLOUR, STATUS_COLOUR, STATUS_LABEL } from './labels.js';
import type { ReportData } from './types.js';

/** The charts of one report, as standalone SVG documents. */
export interface ReportCharts {
  /** Applicable items by status in each inspection area (stacked bars). */
  statusByArea: string;
  /** Area × status heat map. */
  statusHeatMap: string;
  /** Area × priority heat map of open items. */
  priorityHeatMap: string;
  /** Applicable items by status in each ISO 13485 clause group. */
  statusByClause: string;
}

const FONT = 'Helvetica, Arial, sans-serif';

/** Widths of Helvetica/Arial characters in em (the rest: lower case 0.53, upper case 0.68). */
const NARROW = /[iljtfrI.,;:!|'\s()[\]-]/;
const WIDE = /[mwMW@%]/;

/**
 * Text width for Helvetica or Arial, estimated per character. Without a canvas
 * Vega assumes 0.8 em for every character, which cuts axis labels short; this
 * is close enough to the real metrics for labels to fit.
 */
export function estimateTextWidth(text: string, fontSize: number, bold = false): number {
  let em = 0;
  for (const ch of text) em += NARROW.test(ch) ? 0.3 : WIDE.test(ch) ? 0.86 : /[A-Z0-9…]/.test(ch) ? (/[0-9]/.test(ch) ? 0.556 : 0.68) : 0.53;
  return Math.ceil(em * fontSize * (bold ? 1.06 : 1));
}

type TextItem = { fontSize?: number; fontWeight?: string | number; text?: unknown };
// `textMetrics` is exported by vega at run time but missing from its type declarations.
(vega as unknown as { textMetrics: { width: (item: TextItem, text?: unknown) => number } }).textMetrics.width = (item, text) => {
  const value = text ?? item.text;
  const s = Array.isArray(value) ? value.map(String).reduce((a, b) => (a.length > b.length ? a : b), '') : String(value ?? '');
  const size = item.fontSize != null ? Number(item.fontSize) || 0 : 11;
  return estimateTextWidth(s, size, item.fontWeight === 'bold' || Number(item.fontWeight) >= 600);
};
const CONFIG = { font: FONT, view: { stroke: null }, axis: { labelFontSize: 11, titleFontSize: 11 }, legend: { labelFontSize: 11, titleFontSize: 11 } };

/** Render every chart of the report. */
export async function renderCharts(data: ReportData): Promise<ReportCharts> {
  const s = data.summary;
  const statusDomain = ITEM_STATUSES.map((st) => STATUS_LABEL[st]);
  const statusRange = ITEM_STATUSES.map((st) => `#${STATUS_COLOUR[st]}`);
  const stacked = (rows: { group: string; status: string; count: number; order: number }[], title: string): TopLevelSpec => ({
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    config: CONFIG,
    width: 420,
    title: { text: title, anchor: 'start', fontSize: 13 },
    data: { values: rows },
    mark: { type: 'bar' },
    encoding: {
      y: { field: 'group', type: 'nominal', sort: null, title: null, axis: { labelLimit: 320 } },
      x: { field: 'count', type: 'quantitative', title: 'Applicable items', axis: { tickMinStep: 1, format: 'd' } },
      color: { field: 'status', type: 'nominal', title: 'Status', scale: { domain: statusDomain, range: statusRange } },
      order: { field: 'order', type: 'quantitative' },
    },
  });
  const byArea = s.byArea.flatMap((g) =>
    ITEM_STATUSES.map((st, order) => ({ group: g.name, status: STATUS_LABEL[st], count: g.byStatus[st], order })).filter((r) => r.count > 0),
  );
  const byClause = s.byClause.flatMap((g) =>
    ITEM_STATUSES.map((st, order) => ({ group: g.name, status: STATUS_LABEL[st], count: g.byStatus[st], order })).filter((r) => r.count > 0),
  );
  const [statusByArea, statusHeatMap, priorityHeatMap, statusByClause] = await Promise.all([
    toSvg(stacked(byArea, 'Applicable items by status and inspection area (CP 7382.850)'), 'c1'),
    toSvg(heatSpec(s.heatMap, 'Inspection area × status', statusDomain, (c) => STATUS_LABEL[c as keyof typeof STATUS_LABEL] ?? c, '#C62828'), 'c2'),
    toSvg(
      heatSpec(
        s.priorityHeatMap,
        'Open items (gap, partial, not assessed) by area and priority',
        [...PRIORITIES].reverse(),
        (c) => c,
        `#${PRIORITY_COLOUR.high}`,
      ),
      'c3',
    ),
    toSvg(stacked(byClause, 'Applicable items by status and ISO 13485 clause group'), 'c4'),
  ]);
  return { statusByArea, statusHeatMap, priorityHeatMap, statusByClause };
}

function heatSpec(map: HeatMap, title: string, columns: string[], label: (c: string) => string, colour: string): TopLevelSpec {
  const max = Math.max(1, ...map.cells.map((c) => c.count));
  const values = map.cells.map((c) => ({ area: c.areaName, column: label(c.column), count: c.count, dark: c.count > max / 2 }));
  const x = { field: 'column', type: 'nominal' as const, sort: columns.map(label), title: null, axis: { orient: 'top' as const, labelAngle: 0 } };
  const y = { field: 'area', type: 'nominal' as const, sort: null, title: null, axis: { labelLimit: 320 } };
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    config: CONFIG,
    title: { text: title, anchor: 'start', fontSize: 13 },
    data: { values },
    width: { step: 88 },
    height: { step: 26 },
    layer: [
      {
        mark: { type: 'rect', stroke: '#ffffff', strokeWidth: 2 },
        encoding: {
          x,
          y,
          color: { field: 'count', type: 'quantitative', title: 'Items', scale: { domain: [0, max], range: ['#F5F5F5', colour] }, legend: null },
        },
      },
      {
        mark: { type: 'text', fontSize: 12, fontWeight: 'bold' },
        encoding: {
          x,
          y,
          text: { field: 'count', type: 'quantitative' },
          color: { condition: { test: 'datum.dark', value: '#FFFFFF' }, value: '#1B1F24' },
        },
      },
    ],
  };
}

/** Compile and render one Vega-Lite spec to SVG, prefixing its element ids. */
export async function toSvg(spec: TopLevelSpec, idPrefix: string): Promise<string> {
  const view = new vega.View(vega.parse(compile(spec).spec), { renderer: 'none' });
  try {
    const svg = await view.toSVG();
    return svg.replace(/\bid="([^"]+)"/g, `id="${idPrefix}-$1"`).replace(/url\(#([^)]+)\)/g, `url(#${idPrefix}-$1)`);
  } finally {
    view.finalize();
  }
}
