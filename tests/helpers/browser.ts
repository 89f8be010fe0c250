import fs from 'node:fs';
import { chromium, type Browser } from 'playwright-core';

// Browser tests drive Debian's Chromium (Playwright's own browser download cannot be reached
// here). Where there is no Chromium they are skipped with a note, unless
// LANTERN_REQUIRE_BROWSER=1 (CI), where a missing browser must fail the run, not hide it.

export const CHROMIUM_PATH = process.env.LANTERN_CHROMIUM_PATH ?? '/usr/bin/chromium';

const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
];

/** A phone-sized window (an iPhone 12-15 in CSS pixels). */
export const PHONE_VIEWPORT = { width: 390, height: 844 };

/** Browser tests get this long: starting Chromium and loading Web Chat is slow on a small machine. */
export const BROWSER_TEST_TIMEOUT_MS = 60_000;

function browserMissing(): boolean {
  return !fs.existsSync(CHROMIUM_PATH) && process.env.LANTERN_REQUIRE_BROWSER !== '1';
}

/** `describe`, or `describe.skip` with a console note when there is no browser to drive. */
export function describeInBrowser(name: string, tests: () => void): void {
  if (browserMissing()) {
    console.log(`Skipping browser tests "${name}": no Chromium at ${CHROMIUM_PATH} (set LANTERN_REQUIRE_BROWSER=1 to make this a failure).`);
    describe.skip(name, tests);
    return;
  }
  describe(name, tests);
}

/** Starts headless Chromium with a fresh, throwaway profile (Playwright makes one per launch). */
export async function launchBrowser(): Promise<Browser> {
  if (!fs.existsSync(CHROMIUM_PATH)) throw new Error(`No Chromium at ${CHROMIUM_PATH}: apt-get install -y chromium, or set LANTERN_CHROMIUM_PATH.`);
  return chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS, timeout: BROWSER_TEST_TIMEOUT_MS });
}
