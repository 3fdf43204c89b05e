import type { MessageLink, OutgoingMessage } from './notifier.js';

const ELLIPSIS = '…';

/** Cuts `text` to at most `maxBytes` of UTF-8, on a character boundary, marking the cut with an ellipsis. */
export function truncateUtf8(text: string, maxBytes: number): string {
  if (Buffer.byteLength(text, 'utf8') <= maxBytes) return text;
  const room = maxBytes - Buffer.byteLength(ELLIPSIS, 'utf8');
  let kept = '';
  let size = 0;
  // Iterating a string walks code points, so a character outside the BMP (an emoji) is never split.
  for (const char of text) {
    const charSize = Buffer.byteLength(char, 'utf8');
    if (size + charSize > room) break;
    kept += char;
    size += charSize;
  }
  return kept + ELLIPSIS;
}

// A label with brackets, or a URL with spaces or parentheses, would end the Markdown link early.
const markdownLabel = (label: string) => label.replace(/[\\[\]]/g, (c) => `\\${c}`).replace(/\s+/g, ' ');
const markdownUrl = (url: string) =>
  url.replace(/[\s()<>]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`);

/** The links as a Markdown list, one per line. */
export function markdownLinks(links: MessageLink[]): string {
  return links.map((link) => `- [${markdownLabel(link.label)}](${markdownUrl(link.url)})`).join('\n');
}

/** The links a body does not already hold, to be listed after it (a job may write some links into the body). */
export function linksNotIn(body: string, links: MessageLink[]): MessageLink[] {
  return links.filter((link) => !body.includes(link.url));
}

/**
 * A whole message as one Markdown document (title as heading, body, links) within `maxBytes`:
 * the body is cut when it has to be, never the title or the links people act on.
 */
export function markdownDocument(message: OutgoingMessage, maxBytes: number): string {
  const heading = `### ${message.title.replace(/\s+/g, ' ')}`;
  const extra = linksNotIn(message.markdown, message.links);
  const links = extra.length > 0 ? `\n\n${markdownLinks(extra)}` : '';
  const frame = Buffer.byteLength(`${heading}\n\n${links}`, 'utf8');
  return `${heading}\n\n${truncateUtf8(message.markdown, Math.max(0, maxBytes - frame))}${links}`;
}

/** The text with the links written out after it, for readers that show no Markdown. */
export function plainTextWithLinks(message: OutgoingMessage): string {
  const extra = linksNotIn(message.text, message.links);
  if (extra.length === 0) return message.text;
  return `${message.text}\n\n${extra.map((link) => `${link.label}: ${link.url}`).join('\n')}`;
}

const HTML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Escapes text for HTML content and attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => HTML_ESCAPES[c]);
}

// Only web links become anchors: a javascript: or data: URL in a mail would be a trap.
const isWebUrl = (url: string) => /^https?:\/\//i.test(url);
// Addresses are ASCII, so Chinese punctuation right after one ends it; so does a trailing full stop or bracket.
const WEB_URL_IN_TEXT = /https?:\/\/[^\s<>"'\u0080-\uffff]+/gi;
const TRAILING_PUNCTUATION = /[.,;:!?)\]]+$/;

/** One line of text as HTML: escaped, with the web addresses in it made into links. */
function htmlLine(line: string): string {
  let html = '';
  let from = 0;
  for (const match of line.matchAll(WEB_URL_IN_TEXT)) {
    const url = match[0].replace(TRAILING_PUNCTUATION, '');
    html += `${escapeHtml(line.slice(from, match.index))}<a href="${escapeHtml(url)}">${escapeHtml(url)}</a>`;
    from = match.index + url.length;
  }
  return html + escapeHtml(line.slice(from));
}

/** An HTML e-mail body built from the plain text (paragraphs and line breaks) and the links, everything escaped. */
export function htmlDocument(message: OutgoingMessage): string {
  const paragraphs = message.text
    .split(/\n\s*\n/)
    .filter((paragraph) => paragraph.trim() !== '')
    .map((paragraph) => `<p>${paragraph.split('\n').map(htmlLine).join('<br>\n')}</p>`);
  const links = linksNotIn(message.text, message.links).map((link) =>
    isWebUrl(link.url)
      ? `<li><a href="${escapeHtml(link.url)}">${escapeHtml(link.label)}</a></li>`
      : `<li>${escapeHtml(`${link.label}: ${link.url}`)}</li>`,
  );
  return [
    '<!doctype html>',
    `<html lang="${message.lang}">`,
    '<head><meta charset="utf-8"><meta name="viewport" content="width=device-width">',
    `<title>${escapeHtml(message.title)}</title></head>`,
    "<body style=\"font-family: -apple-system, 'PingFang SC', 'Microsoft YaHei', sans-serif; line-height: 1.6; color: #1f1f1f;\">",
    `<h2 style="font-size: 18px;">${escapeHtml(message.title)}</h2>`,
    ...paragraphs,
    ...(links.length > 0 ? ['<ul>', ...links, '</ul>'] : []),
    '</body>',
    '</html>',
  ].join('\n');
}
