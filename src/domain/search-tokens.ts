/**
 * Text search that works for Chinese and Latin text on both databases without a word segmenter:
 * Chinese runs become single characters and overlapping pairs, Latin runs become lower-case words.
 * The store indexes the joined tokens (SQLite FTS5 / PostgreSQL tsvector 'simple').
 */

const CJK = /[\u3400-\u9fff\uf900-\ufaff]/u;
const SPLIT = /([\u3400-\u9fff\uf900-\ufaff]+|[a-z0-9]+)/gu;

function normalise(text: string): string {
  // NFKC folds full-width letters and digits (ＡＢＣ１２３) to their half-width forms.
  return text.normalize('NFKC').toLowerCase();
}

/** The tokens stored for a record's searchable text, space-separated, deduplicated. */
export function searchTokens(...texts: (string | null | undefined)[]): string {
  const tokens = new Set<string>();
  for (const text of texts) {
    if (!text) continue;
    for (const run of normalise(text).match(SPLIT) ?? []) {
      if (CJK.test(run)) {
        const chars = Array.from(run);
        chars.forEach((char, i) => {
          tokens.add(char);
          if (i + 1 < chars.length) tokens.add(char + chars[i + 1]);
        });
      } else {
        tokens.add(run);
      }
    }
  }
  return Array.from(tokens).join(' ');
}

export interface QueryTerm {
  token: string;
  /** Latin words match as prefixes ("acm" finds "acme"). */
  prefix: boolean;
}

/** The terms a query must all match; empty when the query has nothing searchable. */
export function queryTerms(query: string): QueryTerm[] {
  const terms: QueryTerm[] = [];
  const seen = new Set<string>();
  const add = (token: string, prefix: boolean) => {
    const key = `${token}|${prefix}`;
    if (!seen.has(key)) {
      seen.add(key);
      terms.push({ token, prefix });
    }
  };
  for (const run of normalise(query).match(SPLIT) ?? []) {
    if (CJK.test(run)) {
      const chars = Array.from(run);
      if (chars.length === 1) add(chars[0], false);
      for (let i = 0; i + 1 < chars.length; i++) add(chars[i] + chars[i + 1], false);
    } else {
      add(run, true);
    }
  }
  return terms.slice(0, 16);
}
