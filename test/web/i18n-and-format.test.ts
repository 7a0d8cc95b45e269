import * as fs from 'node:fs';
import * as path from 'node:path';
import { da } from '../../apps/web/src/i18n/da';
import { en } from '../../apps/web/src/i18n/en';
import { formatDate, formatMoney, formatPercent, oreToInput, oreToKrDecimal, parseKrToOre } from '../../apps/web/src/format';

type Tree = { [key: string]: string | Tree };
const leaves = (tree: Tree, prefix = ''): [string, string][] =>
  Object.entries(tree).flatMap(([k, v]) => (typeof v === 'string' ? [[`${prefix}${k}`, v] as [string, string]] : leaves(v, `${prefix}${k}.`)));
const variables = (text: string): string[] => [...text.matchAll(/\{\{(\w+)\}\}/g)].map((m) => m[1]!).sort();

describe('translations', () => {
  const daLeaves = new Map(leaves(da as Tree));
  const enLeaves = new Map(leaves(en as Tree));

  it('has the same keys in Danish and English, none empty', () => {
    expect([...enLeaves.keys()].sort()).toEqual([...daLeaves.keys()].sort());
    for (const [key, text] of [...daLeaves, ...enLeaves]) expect({ key, empty: text.trim() === '' }).toEqual({ key, empty: false });
  });

  it('uses the same interpolation variables in both languages', () => {
    for (const [key, text] of daLeaves) expect({ key, vars: variables(enLeaves.get(key)!) }).toEqual({ key, vars: variables(text) });
  });

  it('has every key the UI code asks for (t(\'…\'), t(`prefix.${…}`), label(t, \'group\', …))', () => {
    const src = path.resolve(__dirname, '../../apps/web/src');
    const files = (dir: string): string[] =>
      fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? files(path.join(dir, e.name)) : /\.tsx?$/.test(e.name) ? [path.join(dir, e.name)] : []));
    const code = files(src).map((f) => fs.readFileSync(f, 'utf8')).join('\n');
    const lookup = (key: string): unknown => key.split('.').reduce<unknown>((node, part) => (node && typeof node === 'object' ? (node as Tree)[part] : undefined), da);
    const missing: string[] = [];
    for (const m of code.matchAll(/\bt\(\s*'([^']+)'/g)) {
      const key = m[1]!;
      if (typeof lookup(key) !== 'string' && typeof lookup(`${key}_one`) !== 'string') missing.push(key);
    }
    for (const m of code.matchAll(/\bt\(\s*`([^`$]+)\.\$\{/g)) if (typeof lookup(m[1]!) !== 'object') missing.push(`${m[1]}.*`);
    for (const m of code.matchAll(/\blabel\(t, '([^']+)'/g)) if (typeof lookup(`vocab.${m[1]}`) !== 'object') missing.push(`vocab.${m[1]}`);
    for (const m of code.matchAll(/\blabel: '([a-zA-Z.]+)'/g)) if (typeof lookup(m[1]!) !== 'string') missing.push(m[1]!);
    expect(missing).toEqual([]);
    expect(code.match(/\bt\(\s*'/g)?.length).toBeGreaterThan(100);
  });

  it('really translates: most English labels differ from the Danish ones', () => {
    const same = [...daLeaves].filter(([key, text]) => enLeaves.get(key) === text).map(([key]) => key);
    // Proper names and loanwords may be equal (Gevinst, "Business cases").
    expect(same.length).toBeLessThan(daLeaves.size / 10);
  });
});

describe('Danish number, money and date formats', () => {
  // Intl puts a no-break space between number and unit (so "kr." never wraps alone); compare with plain spaces.
  const plain = (s: string): string => s.replace(/\u00a0/g, ' ');
  it('formats integer øre as kroner, exactly', () => {
    expect(plain(formatMoney(123456700))).toBe('1.234.567 kr.');
    expect(plain(formatMoney(123456789, 'da', { withOre: true }))).toBe('1.234.567,89 kr.');
    expect(plain(formatMoney('900719925474099199', 'da', { withOre: true }))).toBe('9.007.199.254.740.991,99 kr.');
    expect(plain(formatMoney(-50))).toBe('-1 kr.'); // half away from zero
    expect(plain(formatMoney(49))).toBe('0 kr.');
    expect(plain(formatMoney(150000, 'da', { signed: true }))).toBe('+1.500 kr.');
    expect(plain(formatMoney(123456700, 'en'))).toBe('1.234.567 kr.');
    expect(oreToKrDecimal(-5)).toBe('-0.05');
  });

  it('parses kroner typed the Danish way into øre, and refuses the rest', () => {
    expect(parseKrToOre('1.234.567,50')).toBe(123456750);
    expect(parseKrToOre('1234567')).toBe(123456700);
    expect(parseKrToOre('-12,5')).toBe(-1250);
    expect(parseKrToOre('12 kr.')).toBe(1200);
    for (const bad of ['', 'abc', '1,234', '1.23', '12,345', '1e5']) expect(parseKrToOre(bad)).toBeNull();
    expect(oreToInput(123456750)).toBe('1234567,5');
    expect(oreToInput(100)).toBe('1');
  });

  it('formats percentages and dates in Danish, English dates in English', () => {
    expect(plain(formatPercent(0.355))).toBe('35,5 %');
    expect(plain(formatDate('2026-11-27T12:00:00Z'))).toBe('27. november 2026');
    expect(plain(formatDate('2026-11-27T12:00:00Z', 'en'))).toBe('27 November 2026');
  });
});
