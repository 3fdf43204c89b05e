import { ensureWebBuilt } from './web-build.js';

/** Once per run, before any browser test: a fresh production build of the web app. */
export default function setup() {
  ensureWebBuilt();
}
