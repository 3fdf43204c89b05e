/**
 * Keys that make duplicate accounts findable: "华为技术有限公司", "华为技术 有限公司" and "ＨＵＡＷＥＩ Co., Ltd."
 * style variants collapse to one key. Pure functions, no I/O.
 */

/** Legal-form suffixes of Chinese company names, longest first so the longest one wins. */
const ZH_SUFFIXES = ['股份有限公司', '有限责任公司', '有限公司', '集团', '公司'];

/**
 * Legal-form suffixes of Latin company names, matched as whole words at the end only ("Costco" keeps
 * its "co"). Punctuation between them ("Co., Ltd.") is peeled off by the loop in normaliseCompanyName.
 */
const LATIN_SUFFIX = /(?:^|[^a-z0-9])(?:co|company|corp|corporation|inc|incorporated|ltd|limited|llc|plc)$/;

const TRAILING_NOISE = /[\p{P}\p{S}\p{Z}\s]+$/u;
const ALL_NOISE = /[\p{P}\p{S}\p{Z}\s]+/gu;

/**
 * The normalised company name stored as `accounts.name_key`: NFKC (full-width → half-width), lower
 * case, legal-form suffixes (有限公司 / 股份有限公司 / 有限责任公司 / 集团 / Co., Ltd. / Inc. / LLC / Corp.)
 * stripped from the end, punctuation and spaces removed. Never empty for a name with any letter in it.
 */
export function normaliseCompanyName(name: string): string {
  let rest = name.normalize('NFKC').toLowerCase().trim();
  for (;;) {
    const before = rest;
    rest = rest.replace(TRAILING_NOISE, '');
    const zh = ZH_SUFFIXES.find((suffix) => rest.endsWith(suffix));
    if (zh) rest = rest.slice(0, -zh.length);
    else rest = rest.replace(LATIN_SUFFIX, (match) => (/^[a-z0-9]/.test(match) ? '' : match[0]));
    if (rest === before) break;
  }
  const key = rest.replace(ALL_NOISE, '');
  // A name that is nothing but a legal form ("有限公司") keeps itself rather than becoming empty.
  return key !== '' ? key : name.normalize('NFKC').toLowerCase().replace(ALL_NOISE, '');
}

/** Characters of a USCC (统一社会信用代码): digits and capitals except I, O, S, V, Z (GB 32100-2015). */
const USCC_PATTERN = /^[0-9A-HJ-NPQRTUWXY]{18}$/;

/** A USCC as stored: NFKC (full-width digits typed in Chinese input methods), no spaces, upper case. */
export function normaliseUscc(value: string): string {
  return value.normalize('NFKC').replace(/\s+/g, '').toUpperCase();
}

/** Whether a (normalised) value has the shape of a USCC: 18 of the allowed characters. */
export function isUscc(value: string): boolean {
  return USCC_PATTERN.test(value);
}
