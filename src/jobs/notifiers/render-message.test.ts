import { describe, expect, it } from 'vitest';
import type { OutgoingMessage } from './notifier.js';
import { htmlDocument, markdownLinks, truncateUtf8 } from './render-message.js';

const message = (overrides: Partial<OutgoingMessage>): OutgoingMessage => ({
  key: 'k',
  kind: 'channel_test',
  lang: 'zh-CN',
  title: '测试',
  text: '',
  markdown: '',
  links: [],
  ...overrides,
});

describe('truncateUtf8', () => {
  it('leaves short text alone and cuts long text on a character boundary within the byte limit', () => {
    expect(truncateUtf8('台账', 6)).toBe('台账');
    // 台 and 账 are 3 bytes each, the ellipsis 3: only one character fits in 7 bytes.
    expect(truncateUtf8('台账台账', 7)).toBe('台…');
    const cut = truncateUtf8('🚦'.repeat(10), 12);
    expect(cut).toBe('🚦🚦…');
    expect(Buffer.byteLength(cut)).toBeLessThanOrEqual(12);
    expect(cut).not.toContain('\ufffd');
  });
});

describe('markdownLinks', () => {
  it('keeps brackets in labels and spaces or parentheses in URLs from ending the link early', () => {
    expect(markdownLinks([{ label: '[重要] 商机', url: 'https://x.example/a b(1)' }])).toBe(
      '- [\\[重要\\] 商机](https://x.example/a%20b%281%29)',
    );
  });
});

describe('htmlDocument', () => {
  it('escapes everything, and makes only web addresses into anchors', () => {
    const html = htmlDocument(
      message({
        title: '<b>标题</b>',
        text: '见 https://x.example/deals?a=1&b=2)，或 javascript:void(0)',
        links: [
          { label: '坏链接', url: 'javascript:alert(1)' },
          { label: '"引号"', url: 'https://x.example/q?"x"' },
        ],
      }),
    );
    expect(html).toContain('<title>&lt;b&gt;标题&lt;/b&gt;</title>');
    expect(html).toContain(
      '<p>见 <a href="https://x.example/deals?a=1&amp;b=2">https://x.example/deals?a=1&amp;b=2</a>)，或 javascript:void(0)</p>',
    );
    expect(html).toContain('<li>坏链接: javascript:alert(1)</li>');
    expect(html).toContain('<li><a href="https://x.example/q?&quot;x&quot;">&quot;引号&quot;</a></li>');
    expect(html).not.toContain('href="javascript');
  });
});
