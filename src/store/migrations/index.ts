import type { Q } from '../dialect.js';
import * as m0001 from './0001-ledger-core.js';
import * as m0002 from './0002-live-deal-indexes.js';
import * as m0003 from './0003-account-uscc-unique.js';
import * as m0004 from './0004-rhythm.js';
import * as m0005 from './0005-pipeline-totals.js';
import * as m0006 from './0006-ledger-version.js';

export interface Migration {
  id: number;
  name: string;
  up(db: Q): Promise<void>;
}

/** Every migration in order. Forward-only: a landed migration is never edited, only followed. */
export const MIGRATIONS: Migration[] = [
  { id: 1, name: 'ledger-core', up: m0001.up },
  { id: 2, name: 'live-deal-indexes', up: m0002.up },
  { id: 3, name: 'account-uscc-unique', up: m0003.up },
  { id: 4, name: 'rhythm', up: m0004.up },
  { id: 5, name: 'pipeline-totals', up: m0005.up },
  { id: 6, name: 'ledger-version', up: m0006.up },
];
