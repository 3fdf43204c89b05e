import { describe, expect, it } from 'vitest';
import { queryTerms, searchTokens } from './search-tokens.js';

const tokens = (...texts: (string | null | undefined)[]) =>
  searchTokens(...texts)
    .split(' ')
    .filter(Boolean);

describe('searchTokens', () => {
  it('turns Chinese runs into single characters and overlapping pairs', () => {
    expect(tokens('华为云')).toEqual(['华', '华为', '为', '为云', '云']);
  });

  it('turns Latin runs into lower-case words and numbers', () => {
    expect(tokens('ACME Corp. ERP-2026')).toEqual(['acme', 'corp', 'erp', '2026']);
  });

  it('splits mixed text at script changes and punctuation', () => {
    expect(tokens('华为ERP升级（二期）')).toEqual(['华', '华为', '为', 'erp', '升', '升级', '级', '二', '二期', '期']);
  });

  it('folds full-width letters and digits to half-width', () => {
    expect(tokens('ＡＣＭＥ１２３')).toEqual(['acme123']);
    expect(searchTokens('ＡＣＭＥ')).toBe(searchTokens('acme'));
  });

  it('joins several texts, deduplicated, and ignores empty ones', () => {
    expect(tokens('华为', null, '华为 Huawei', undefined, '')).toEqual(['华', '华为', '为', 'huawei']);
    expect(searchTokens()).toBe('');
    expect(searchTokens('！？……')).toBe('');
  });
});

describe('queryTerms', () => {
  it('a single Chinese character matches that character', () => {
    expect(queryTerms('华')).toEqual([{ token: '华', prefix: false }]);
  });

  it('longer Chinese queries become their pairs (each stored as a token)', () => {
    expect(queryTerms('华为云')).toEqual([
      { token: '华为', prefix: false },
      { token: '为云', prefix: false },
    ]);
    const stored = new Set(tokens('华为云计算'));
    for (const term of queryTerms('为云计')) expect(stored.has(term.token)).toBe(true);
  });

  it('Latin words match as prefixes, full-width folded, duplicates dropped', () => {
    expect(queryTerms('ＡＣＭ acm Acm')).toEqual([{ token: 'acm', prefix: true }]);
    expect(queryTerms('Acme 华为')).toEqual([
      { token: 'acme', prefix: true },
      { token: '华为', prefix: false },
    ]);
  });

  it('has nothing to match for punctuation or blanks', () => {
    expect(queryTerms('  ')).toEqual([]);
    expect(queryTerms('"*:&|!')).toEqual([]);
  });

  it('keeps at most 16 terms', () => {
    expect(queryTerms('中华人民共和国国家标准化管理委员会统一社会信用代码')).toHaveLength(16);
  });
});
