// Draws media/icon.png (128x128) from an SVG with headless Chromium, so the icon is reproducible from code.
// Usage: node test/vscode/drawIcon.js
'use strict';
const { chromium } = require('playwright-core');
const path = require('path');

const SVG = `<svg xmlns="http://www.w3.org/2000/svg" width="128" height="128" viewBox="0 0 128 128">
  <defs><linearGradient id="bg" x1="0" y1="0" x2="1" y2="1"><stop offset="0" stop-color="#24466e"/><stop offset="1" stop-color="#14243a"/></linearGradient></defs>
  <rect x="4" y="4" width="120" height="120" rx="24" fill="url(#bg)"/>
  <!-- graph: three nodes feeding a check -->
  <g stroke="#7fb4ff" stroke-width="4" fill="none" stroke-linecap="round">
    <path d="M30 38 L58 64 M30 90 L58 64 M58 64 L78 64"/>
  </g>
  <circle cx="30" cy="38" r="9" fill="#7fb4ff"/>
  <circle cx="30" cy="90" r="9" fill="#7fb4ff"/>
  <circle cx="58" cy="64" r="10" fill="#ffd166"/>
  <circle cx="94" cy="64" r="20" fill="#2ec27e"/>
  <path d="M85 64 l6 7 l12 -14" stroke="#ffffff" stroke-width="6" fill="none" stroke-linecap="round" stroke-linejoin="round"/>
</svg>`;

(async () => {
  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM || '/usr/bin/chromium', args: ['--no-sandbox'] });
  const page = await browser.newPage({ viewport: { width: 128, height: 128 } });
  await page.setContent(`<html><body style="margin:0;background:transparent">${SVG}</body></html>`);
  const out = path.join(__dirname, '..', '..', 'media', 'icon.png');
  await page.locator('svg').screenshot({ path: out, omitBackground: true });
  await browser.close();
  console.log(`wrote ${out}`);
})().catch((e) => { console.error(e); process.exit(1); });
