#!/usr/bin/env node
// `npm run screenshots`: regenerates docs/images/ from the demo (scripts/demo/stack.mjs) with
// Debian's headless Chromium driven by playwright-core (installed in .cache/e2e/tools, not in the
// package):
//   docs/images/demo-workflow.png   the demo's uplink workflow in the n8n editor
//   docs/images/operations.png      the node's actions in n8n's node panel
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';

import { hostModules } from '../e2e/lib/hosts.mjs';
import { ensureHost } from '../e2e/lib/install.mjs';
import { repoRoot, scratchDir } from '../e2e/lib/paths.mjs';
import { ensureDependencies } from './ensure-dependencies.mjs';
import { OWNER, prepareDemo, startEditor } from './demo/stack.mjs';

const CHROMIUM = '/usr/bin/chromium';
const CHROMIUM_FLAGS = [
	'--headless',
	'--no-sandbox',
	'--disable-gpu',
	'--disable-quic',
	'--no-first-run',
	'--disable-background-networking',
	'--disable-component-update',
	'--disable-sync',
];
const imagesDir = join(repoRoot, 'docs', 'images');
// examples/uplink-threshold-downlink.json, the workflow the README shows
const DEMO_WORKFLOW_ID = 'exUplinkDownlink01';
const step = (text) => console.log(`▶ ${text}`);

function ensureChromium() {
	if (existsSync(CHROMIUM)) return;
	step('Installing Chromium (apt-get install -y chromium)');
	try {
		execFileSync('apt-get', ['install', '-y', 'chromium'], { stdio: 'inherit' });
	} catch {
		throw new Error(
			`${CHROMIUM} is missing and apt-get could not install it: run "apt-get install -y chromium" as root`,
		);
	}
}

ensureDependencies();
ensureChromium();
await ensureHost('tools', { report: (text) => step(text) });
const { chromium } = createRequire(join(hostModules('tools'), 'noop.js'))('playwright-core');

const { n8n, simulator, examples } = await prepareDemo({
	step,
	uplinkInterval: 5,
	n8nPort: 0,
	simulatorPort: 0,
});
let editor;
let browser;
mkdirSync(scratchDir, { recursive: true });
const profile = mkdtempSync(join(scratchDir, 'chromium-'));
let failed = false;
try {
	step('Starting n8n');
	editor = await startEditor(n8n);
	const uplinkExample =
		examples.find((example) => example.workflow.id === DEMO_WORKFLOW_ID) ??
		examples.find((example) => example.trigger);
	if (!uplinkExample) throw new Error('no example workflow with the trigger in examples/');

	step('Starting Chromium');
	browser = await chromium.launchPersistentContext(profile, {
		executablePath: CHROMIUM,
		headless: true,
		args: CHROMIUM_FLAGS,
		viewport: { width: 1400, height: 860 },
	});
	const page = browser.pages()[0] ?? (await browser.newPage());
	await signIn(page);
	mkdirSync(imagesDir, { recursive: true });

	step(`Screenshot of "${uplinkExample.workflow.name}"`);
	await openWorkflow(page, uplinkExample.workflow.id);
	await page.screenshot({ path: join(imagesDir, 'demo-workflow.png') });

	step('Screenshot of the operation list');
	await page.setViewportSize({ width: 1400, height: 1900 });
	await openWorkflow(page, uplinkExample.workflow.id);
	await page.locator('[data-test-id=node-creator-plus-button]').click();
	await page
		.locator('[data-test-id=node-creator-search-bar] input, [data-test-id=search-bar] input')
		.first()
		.fill('The Things Stack');
	await page
		.locator('[data-test-id=item-iterator-item]:visible')
		.filter({ hasText: 'The Things Stack' })
		.first()
		.click();
	await page
		.getByText(/^Actions \(\d+\)$/)
		.first()
		.waitFor({ state: 'visible', timeout: 15_000 });
	await page.waitForTimeout(1000);
	// the panel from its top down to the header of the triggers list (the actions, no blank rest)
	const panel = await page.locator('[data-test-id=node-creator]').boundingBox();
	const triggers = await page
		.getByText(/^Triggers \(\d+\)$/)
		.first()
		.boundingBox();
	const bottom = triggers ? triggers.y + triggers.height + 16 : panel.y + panel.height;
	await page.screenshot({
		path: join(imagesDir, 'operations.png'),
		clip: { x: panel.x, y: panel.y, width: panel.width, height: bottom - panel.y },
	});
	console.log(
		`\nSaved ${join('docs', 'images', 'demo-workflow.png')} and ${join('docs', 'images', 'operations.png')}`,
	);
} catch (error) {
	failed = true;
	console.error(`Screenshots failed: ${error.message}`);
} finally {
	await browser?.close().catch(() => {});
	rmSync(profile, { recursive: true, force: true });
	await editor?.stop({ graceMs: 20_000 });
	await simulator.stop();
}
process.exit(failed ? 1 : 0);

async function signIn(page) {
	await page.goto(`${n8n.url}/signin`);
	await page.locator('input[type=email]').fill(OWNER.email);
	await page.locator('input[type=password]').fill(OWNER.password);
	await page.locator('[data-test-id=form-submit-button]').click();
	await page.waitForURL((url) => !url.pathname.startsWith('/signin'), { timeout: 30_000 });
}

async function openWorkflow(page, id) {
	await page.goto(`${n8n.url}/workflow/${id}`);
	await page
		.locator('[data-test-id=canvas-node]')
		.first()
		.waitFor({ state: 'visible', timeout: 60_000 });
	await page.waitForTimeout(1000);
	// first-visit popovers
	for (const close of ['[data-test-id=suggested-actions-close]']) {
		const button = page.locator(close);
		if (await button.isVisible()) await button.click();
	}
	await page.locator('[data-test-id=zoom-to-fit]').click();
	await page.waitForTimeout(800);
}
