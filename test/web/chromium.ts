/**
 * Debian's Chromium driven by playwright-core, for the web page's browser tests and the
 * README screenshot. Only the system binary is used (playwright-core never downloads a
 * browser); .ci/run installs the `chromium` package when it is missing.
 */
import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { ROOT } from '../cluster/harness.ts';

/** The browser binary: $ROSTER_CHROMIUM, else Debian's. */
export const CHROMIUM_PATH = process.env['ROSTER_CHROMIUM'] ?? '/usr/bin/chromium';
/** Where browser tests leave their screenshots (git-ignored). */
export const ARTIFACTS_DIR = path.join(ROOT, 'test-artifacts', 'web');

/** Starts headless Chromium; throws saying how to install it when the binary is missing. */
export async function launchChromium(): Promise<Browser> {
  if (!existsSync(CHROMIUM_PATH)) {
    throw new Error(`no Chromium at ${CHROMIUM_PATH}: install Debian's package (apt-get install chromium, as .ci/run does) or set ROSTER_CHROMIUM`);
  }
  // No sandbox: CI runs as root, where Chromium's sandbox refuses to start.
  return chromium.launch({ executablePath: CHROMIUM_PATH, headless: true, chromiumSandbox: false, timeout: 60_000 });
}

/** The path of a screenshot named `name` in ARTIFACTS_DIR (created). */
export function artifact(name: string): string {
  mkdirSync(ARTIFACTS_DIR, { recursive: true });
  return path.join(ARTIFACTS_DIR, name);
}
