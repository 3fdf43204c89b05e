import { describe, expect, it } from 'vitest';
import { isUscc, normaliseCompanyName, normaliseUscc } from './dedup-keys.js';

describe('normaliseCompanyName', () => {
  it('strips Chinese legal forms, alone and stacked', () => {
    expect(normaliseCompanyName('华为技术有限公司')).toBe('华为技术');
    expect(normaliseCompanyName('华为技术股份有限公司')).toBe('华为技术');
    expect(normaliseCompanyName('华为技术有限责任公司')).toBe('华为技术');
    expect(normaliseCompanyName('万科集团')).toBe('万科');
    expect(normaliseCompanyName('海尔集团股份有限公司')).toBe('海尔');
    expect(normaliseCompanyName('海尔集团公司')).toBe('海尔');
  });

  it('only strips suffixes at the end', () => {
    expect(normaliseCompanyName('阿里巴巴集团控股有限公司')).toBe('阿里巴巴集团控股');
    expect(normaliseCompanyName('有限公司之家科技')).toBe('有限公司之家科技');
  });

  it('folds full-width characters and spaces to one key', () => {
    expect(normaliseCompanyName('ＡＢＣ科技（深圳）有限公司')).toBe('abc科技深圳');
    expect(normaliseCompanyName('ABC 科技 (深圳) 有限公司')).toBe('abc科技深圳');
    expect(normaliseCompanyName('华为技术\u3000有限公司')).toBe(normaliseCompanyName('华为技术有限公司'));
  });

  it('strips English legal forms with their punctuation', () => {
    expect(normaliseCompanyName('Acme Co., Ltd.')).toBe('acme');
    expect(normaliseCompanyName('ACME CO.,LTD')).toBe('acme');
    expect(normaliseCompanyName('Acme Inc.')).toBe('acme');
    expect(normaliseCompanyName('Acme, LLC')).toBe('acme');
    expect(normaliseCompanyName('Acme Corp.')).toBe('acme');
    expect(normaliseCompanyName('Acme Company Limited')).toBe('acme');
    expect(normaliseCompanyName('Ａｃｍｅ　Ｃｏ．，Ｌｔｄ．')).toBe('acme');
  });

  it('does not cut legal-form letters out of a word', () => {
    expect(normaliseCompanyName('Costco')).toBe('costco');
    expect(normaliseCompanyName('Blinc')).toBe('blinc');
    expect(normaliseCompanyName('Mr. Dinco Corp')).toBe('mrdinco');
  });

  it('removes punctuation and whitespace inside the name', () => {
    expect(normaliseCompanyName('  Black & Decker  ')).toBe('blackdecker');
    expect(normaliseCompanyName('京东·物流')).toBe('京东物流');
  });

  it('never returns an empty key for a name that is only a legal form', () => {
    expect(normaliseCompanyName('有限公司')).toBe('有限公司');
    expect(normaliseCompanyName('Co., Ltd.')).toBe('coltd');
  });
});

describe('USCC', () => {
  it('normalises full-width digits, spaces and case', () => {
    expect(normaliseUscc(' ９１４４０３００ 192203821f ')).toBe('91440300192203821F');
  });

  it('accepts 18 digits or capitals except I, O, S, V, Z', () => {
    expect(isUscc('91440300192203821F')).toBe(true);
    expect(isUscc('91440300MA5EXAMP1E'.replace('X', 'K'))).toBe(true);
    expect(isUscc('9144030019220382')).toBe(false);
    expect(isUscc('91440300192203821FF')).toBe(false);
    for (const letter of ['I', 'O', 'S', 'V', 'Z']) expect(isUscc(`91440300192203821${letter}`)).toBe(false);
    expect(isUscc('91440300192203821f')).toBe(false);
  });
});
