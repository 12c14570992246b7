import { defineConfig, devices } from '@playwright/test';

// Debian's Chromium by default (test tools cannot download browsers here); CHROME_PATH points at another Chrome.
const executablePath = process.env.CHROME_PATH || '/usr/bin/chromium';
const port = Number(process.env.E2E_PORT || 5179);
const summary = process.env.IMP_TEST_SUMMARY;

export default defineConfig({
  testDir: 'e2e',
  workers: 1, // faster than 2 on a 2-core machine
  retries: 0,
  timeout: 60_000,
  reporter: [['list'], ['./scripts/playwright-summary-reporter.ts', { outputFile: summary }]],
  outputDir: 'test-results',
  use: {
    baseURL: `http://127.0.0.1:${port}`,
    launchOptions: { executablePath },
    trace: 'off',
  },
  projects: [
    { name: 'desktop', use: { ...devices['Desktop Chrome'], launchOptions: { executablePath } }, testIgnore: /\.mobile\.spec\.ts$/ },
    { name: 'mobile', use: { ...devices['iPhone 13'], browserName: 'chromium', launchOptions: { executablePath } }, testMatch: /\.mobile\.spec\.ts$/ },
  ],
  webServer: {
    command: `node scripts/demo.mjs --port ${port}`,
    url: `http://127.0.0.1:${port}`,
    reuseExistingServer: !process.env.CI,
    timeout: 60_000,
  },
});
