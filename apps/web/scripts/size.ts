/**
 * Prints the production bundle's size, raw and gzip, per file and for the initial load.
 * Run after a build: node -r ./tools/register.js apps/web/scripts/size.ts
 */
import { DIST_DIR, formatBundleReport, isWebBuildStale, measureBundle } from './build-web';

if (isWebBuildStale()) console.warn(`note: ${DIST_DIR} is missing or older than the sources; build first`);
console.log(formatBundleReport(measureBundle()));
