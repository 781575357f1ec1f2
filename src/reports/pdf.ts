/**
 * PDF from HTML, printed by headless Chromium (playwright-core driving the
 * system browser): A4, a header with the report's title and a footer with
 * the generation time and "page N of M". The browser is always closed, also
 * when printing fails. The page gets no network: every request is refused.
 */
import { chromium } from 'playwright-core';
import { escapeHtml } from '../reporters/html-escape.js';
import type { ReportCharts } from './charts.js';
import { htmlReport } from './html.js';
import type { ReportData } from './types.js';

/** Where the browser is (override with QMSR_CHROMIUM). */
export function chromiumPath(): string {
  return process.env.QMSR_CHROMIUM ?? '/usr/bin/chromium';
}

/** Flags for a headless browser on a server or in a container. */
export const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-dev-shm-usage'];

/** What goes in the running header and footer. */
export interface PdfOptions {
  /** Header text, left. */
  title: string;
  /** Footer text, left (e.g. the generation time and versions). */
  footer: string;
  landscape?: boolean;
}

/** Print `page` (a complete HTML document) to PDF. */
export async function htmlToPdf(page: string, options: PdfOptions): Promise<Buffer> {
  const browser = await chromium.launch({ executablePath: chromiumPath(), args: CHROMIUM_ARGS });
  try {
    const context = await browser.newContext({ javaScriptEnabled: false, offline: true });
    await context.route('**/*', (route) => route.abort());
    const tab = await context.newPage();
    await tab.setContent(page, { waitUntil: 'load' });
    await tab.emulateMedia({ media: 'print' });
    const small = 'font-family:Helvetica,Arial,sans-serif;font-size:7.5px;color:#57606a;width:100%;padding:0 11mm;display:flex;justify-content:space-between';
    const pdf = await tab.pdf({
      format: 'A4',
      landscape: options.landscape ?? false,
      printBackground: true,
      displayHeaderFooter: true,
      headerTemplate: `<div style="${small}"><span>${escapeHtml(options.title)}</span><span></span></div>`,
      footerTemplate: `<div style="${small}"><span>${escapeHtml(options.footer)}</span><span>Page <span class="pageNumber"></span> of <span class="totalPages"></span></span></div>`,
      margin: { top: '16mm', bottom: '16mm', left: '11mm', right: '11mm' },
      preferCSSPageSize: false,
    });
    return Buffer.from(pdf);
  } finally {
    await browser.close();
  }
}

/** The assessment report as PDF: the HTML report printed. */
export async function pdfReport(data: ReportData, charts?: ReportCharts): Promise<Buffer> {
  return htmlToPdf(await htmlReport(data, charts), {
    title: `QMSR gap assessment — ${data.assessment.organization} — ${data.assessment.name}`,
    footer: `Generated ${data.generatedAt} · qmsr ${data.tool.version} · knowledge base ${data.kb.version}`,
    landscape: true,
  });
}
