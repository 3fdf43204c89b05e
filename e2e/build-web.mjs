// Builds the web app with Vite's JS API (run as a child process with NODE_ENV=production, so a build
// started from inside the test runner is the same production build `npm run build` makes).
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'vite';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
await build({ configFile: path.join(root, 'vite.config.ts'), mode: 'production', logLevel: 'warn' });
