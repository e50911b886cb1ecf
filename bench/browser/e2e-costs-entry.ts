/**
 * The page side of bench:e2e-browser: the crypto core's cost functions (src/e2e-costs.ts), bundled by Vite and
 * loaded into a chromium page on the messenger's own origin (a secure context, as the app's Worker has).
 */
import { measureMessages, measureSize } from '../src/e2e-costs.ts';

(globalThis as unknown as { e2eCosts: unknown }).e2eCosts = { measureMessages, measureSize };
