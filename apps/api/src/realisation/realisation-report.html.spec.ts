import { realisationReport } from '@gevinst/domain';
import { prefersHtml } from './realisation.controller';
import { escapeHtml, formatMoney, formatNumber, renderRealisationReportHtml, type ReportMeta } from './realisation-report.html';

describe('realisation report document: formats', () => {
  it('writes øre as whole kroner, Danish by default, rounding half away from zero', () => {
    expect(formatMoney(123_456_789, 'da')).toBe('1.234.568 kr.');
    expect(formatMoney(123_456_749, 'da')).toBe('1.234.567 kr.');
    expect(formatMoney(-48_533_333, 'da')).toBe('\u2212485.333 kr.');
    expect(formatMoney(-50, 'da')).toBe('\u22121 kr.');
    expect(formatMoney(49, 'da')).toBe('0 kr.');
    expect(formatMoney(0, 'da')).toBe('0 kr.');
    expect(formatMoney(123_456_789, 'en')).toBe('DKK 1,234,568');
  });

  it('writes decimals with a comma in Danish and a point in English', () => {
    expect(formatNumber(-37.92, 'da', 2, true)).toBe('\u221237,92');
    expect(formatNumber(1234.5, 'da')).toBe('1.234,5');
    expect(formatNumber(1234.5, 'en')).toBe('1,234.5');
    expect(formatNumber(85, 'da', 2, true)).toBe('85,00');
  });

  it('escapes the characters that mean something in HTML', () => {
    expect(escapeHtml(`<script>alert("x")</script> & 'y'`)).toBe('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;y&#39;');
  });

  it('gives HTML only to a client that prefers it to JSON', () => {
    expect(prefersHtml('text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8')).toBe(true);
    expect(prefersHtml('text/html')).toBe(true);
    expect(prefersHtml('application/json, text/html;q=0.5')).toBe(false);
    expect(prefersHtml('text/html, application/json')).toBe(false);
    expect(prefersHtml('*/*')).toBe(false);
    expect(prefersHtml(undefined)).toBe(false);
    expect(prefersHtml('text/html;q=0')).toBe(false);
    expect(prefersHtml('text/html;q=abc')).toBe(false);
  });
});

describe('realisation report document: content', () => {
  const meta: ReportMeta = { generatedAt: '2027-01-05T10:00:00.000Z', asOfBasis: 'one-year-after-go-live', requestedAsOfPeriod: null, computedThrough: '2026-12', preliminary: false };
  const report = realisationReport({
    case: { caseId: 'c1', title: 'Post <i>digital</i>', status: 'in-operation', owningDepartmentId: 'borgerservice', departmentIds: ['borgerservice'] },
    approval: { revision: 1, at: '2025-11-01T10:00:00.000Z', by: 'mette', reason: 'Godkendt "nu"' },
    goLive: { at: '2026-01-05T08:00:00.000Z', by: 'carl' },
    asOfPeriod: '2026-12',
    tolerances: { greenFromPct: 90, amberFromPct: 70 },
    lines: [{ lineId: 'L1', description: 'Porto & tryk', departmentId: 'borgerservice', plannedByYear: { '2026': 1_200_000 }, months: [{ period: '2026-01', planned: 1_200_000, realised: 900_000, share: 0.75, basis: 'a', capped: false }], yearlyPeriods: [] }],
    excludedLines: [],
    indicators: [],
    measurements: [],
    colourHistory: [{ period: '2026-01', at: '2026-02-01T09:00:00.000Z', from: null, to: 'amber', realisedPct: 75, plannedToDate: 1_200_000, realisedToDate: 900_000, evaluatedBy: 'system:realisation-evaluator' }],
    redEpisodes: [],
    cuts: [],
  });

  it('is one self-contained document: no script, no external resource, headings and captioned tables', () => {
    const html = renderRealisationReportHtml(report, meta);
    expect(html).toMatch(/^<!DOCTYPE html>\n<html lang="da">/);
    expect(html).not.toMatch(/<script|<link|src=|href=/i);
    expect(html).toContain('<caption>');
    expect(html).toContain('<th scope="col"');
    expect(html).toContain('Post &lt;i&gt;digital&lt;/i&gt;');
    expect(html).toContain('Porto &amp; tryk');
    expect(html).toContain('Godkendt &quot;nu&quot;');
    // 1.200.000 øre planned, 900.000 realised: 12.000 kr. and 9.000 kr., −3.000 kr., −25,00 %.
    expect(html).toContain('12.000 kr.');
    expect(html).toContain('\u22123.000 kr.');
    expect(html).toContain('\u221225,00 %');
    // The colour is written out, not only shown.
    expect(html).toContain('>Gul</span>');
  });

  it('is in English with lang en', () => {
    const html = renderRealisationReportHtml(report, meta, 'en');
    expect(html).toContain('<html lang="en">');
    expect(html).toContain('DKK 12,000');
    expect(html).toContain('>Amber</span>');
  });
});
