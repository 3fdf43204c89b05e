import { ApiError, getCsrfToken, type Query, queryString } from '../../api-client';
import type { Lang } from '../../i18n';

/** The file name the server proposes (RFC 5987 `filename*` first), else `fallback`. */
function fileNameOf(disposition: string | null, fallback: string): string {
  const encoded = disposition?.match(/filename\*=UTF-8''([^;]+)/i)?.[1];
  if (encoded) return decodeURIComponent(encoded);
  return disposition?.match(/filename="([^"]+)"/i)?.[1] ?? fallback;
}

/**
 * Downloads the weekly review workbook in the app's language (a plain link would send the browser's
 * Accept-Language instead) and hands it to the browser as a file.
 */
export async function downloadStalledWorkbook(query: Query, lang: Lang): Promise<void> {
  const headers: Record<string, string> = { 'accept-language': lang };
  const csrf = getCsrfToken();
  if (csrf) headers['x-csrf-token'] = csrf;
  const response = await fetch(`/api/reports/stalled.xlsx${queryString(query)}`, {
    headers,
    credentials: 'same-origin',
  });
  if (!response.ok) throw new ApiError(response.status, response.statusText, undefined, []);
  const blob = await response.blob();
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = fileNameOf(response.headers.get('content-disposition'), 'weekly-review.xlsx');
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
