// The page as a newcomer sees it, with real input: laid out from 800x600 to
// 4K device pixels (DPR 1 and 2) with nothing cut off and the status always
// in view; a cancelled run's progress honest about what was cancelled; the
// timeline header showing the finished run's limit, not the slider's, and a
// queued request's tooltip saying it waits for a permit; the
// gallery's names cut with "...", one card under the mouse at a time, and
// re-downloaded flags not flashing back to placeholders. Screenshots go to
// build/artifacts/layout-*.png.
import { describe, it, before } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import {
  useAppPage, launchBrowser, openApp, appState, clickWidget, pressKey, waitForRun, waitUntil, nextFrames,
  artifactsDir,
} from './harness.mjs';

const widget = (page, name) => page.evaluate((n) => window.coflags.widgets && window.coflags.widgets[n], name);
const inside = (w, box) => w.x >= box.x - 0.5 && w.y >= box.y - 0.5 && w.x + w.w <= box.x + box.w + 0.5 &&
  w.y + w.h <= box.y + box.h + 0.5;

describe('layout and gallery', () => {
  const ctx = useAppPage({ delay: 1.5, errorRate: 0, seed: 2 });
  let server, page;
  before(() => {
    ({ server, page } = ctx);
  });

  for (const [width, height, dpr] of [[800, 600, 1], [800, 600, 2], [1280, 800, 2], [1920, 1080, 2]]) {
    it(`${width}x${height} at DPR ${dpr}: every control and the status in view, none cut`, async () => {
      const b = await launchBrowser({ width, height, deviceScaleFactor: dpr });
      try {
        const p = await b.context.newPage();
        await openApp(p, server.pageUrl('server=LOCAL&cc=POP20&m=20'));
        assert.equal(await p.evaluate(() => window.devicePixelRatio), dpr);
        await clickWidget(p, 'start');
        await waitForRun(p, 1);
        await nextFrames(p, 3);
        const view = { x: 0, y: 0, w: width, h: height };
        // The settings column: its full-width field marks where its content ends.
        const field = await widget(p, 'countries');
        for (const name of ['server_LOCAL', 'server_DELAY', 'server_ERROR', 'server_CUSTOM', 'transport_HTTP/2',
          'transport_HTTP/1.1 sharded', 'transport_HTTP/1.1']) {
          const w = await widget(p, name);
          assert.ok(w, `${name} drawn`);
          assert.ok(w.x + w.w <= field.x + field.w + 1, `${name} ends at ${w.x + w.w}, the column at ${field.x + field.w}`);
        }
        for (const name of ['start', 'cancel', 'progress', 'log_tab', 'gallery_grid', 'lesson_block']) {
          const w = await widget(p, name);
          assert.ok(w && inside(w, view), `${name} ${JSON.stringify(w)} inside ${width}x${height}`);
        }
        await p.screenshot({ path: path.join(artifactsDir(), `layout-${width}x${height}@${dpr}.png`) });
      } finally {
        await b.close();
      }
    });
  }

  it('a cancelled run says how many were cancelled instead of counting them as done', async () => {
    await openApp(page, server.pageUrl('server=DELAY&cc=all&m=5&timeout=60'));
    await clickWidget(page, 'start');
    await waitUntil(async () => (await appState(page)).in_flight === 5);
    await clickWidget(page, 'cancel');
    const run = await waitForRun(page, 1, 10000);
    assert.ok(run.cancelled > 0);
    await nextFrames(page, 3);
    const progress = await page.evaluate(() => window.coflags.progress);
    assert.equal(progress, `${run.ok + run.not_found + run.error} / ${run.total}, ${run.cancelled} cancelled`);
  });

  it('the timeline header keeps the finished run\'s limit when the slider moves', async () => {
    await openApp(page, server.pageUrl('server=LOCAL&cc=POP20&m=3'));
    await clickWidget(page, 'start');
    await waitForRun(page, 1);
    await clickWidget(page, 'timeline_tab');
    await waitUntil(() => page.evaluate(() => window.coflags.timeline && window.coflags.timeline.header_limit === 3));
    // Ctrl+click turns the slider into a text field: type a new limit.
    await clickWidget(page, 'concurrency', { modifiers: ['Control'] });
    await pressKey(page, 'Control+A');
    await page.keyboard.type('40');
    await pressKey(page, 'Enter');
    await waitUntil(async () => (await appState(page)).slider === 40);
    await nextFrames(page, 3);
    assert.equal(await page.evaluate(() => window.coflags.timeline.header_limit), 3);
    assert.equal((await appState(page)).limit, 3);
  });

  it('timeline: a request still queued says "waiting for a permit" under the mouse, in its own colour', async () => {
    await openApp(page, server.pageUrl('server=DELAY&cc=AR BR CN DE EG&m=1&timeout=60'));
    await clickWidget(page, 'start');
    await waitUntil(async () => (await appState(page)).in_flight === 1);
    await clickWidget(page, 'timeline_tab');
    const timeline = await waitUntil(() => page.evaluate(() => window.coflags.timeline && window.coflags.timeline.rows === 5 &&
      window.coflags.timeline));
    assert.notEqual(timeline.queued_color, timeline.cancelled_color);
    assert.equal(timeline.header_limit, 1);
    assert.ok(timeline.ticks > 0);
    const bars = await widget(page, 'timeline_bars');
    // The last of the five rows: queued behind the one permit.
    await page.mouse.move(bars.x + bars.w * 0.3, bars.y + timeline.row_px * 4.5);
    const text = await waitUntil(() => page.evaluate(() => window.coflags.timelineTooltip));
    assert.match(text, /^EG flag  queued\nqueued \d+ ms, waiting for a permit/);
    await clickWidget(page, 'cancel');
    await waitForRun(page, 1, 10000);
  });

  it('gallery: long names end in "...", and one card at a time is under the mouse', async () => {
    const fresh = await launchBrowser();  // a gallery holding only these five
    const page = await fresh.context.newPage();
    try {
      await galleryUnderTheMouse(page);
    } finally {
      await fresh.close();
    }
  });

  async function galleryUnderTheMouse(page) {
    await openApp(page, server.pageUrl('server=LOCAL&cc=AE AG BA AS CF&m=5'));
    await clickWidget(page, 'start');
    await waitForRun(page, 1);
    await waitUntil(async () => (await appState(page)).decoding === 0);
    const [a, b] = [await widget(page, 'gallery_card0'), await widget(page, 'gallery_card1')];
    // Across the name line of the first two cards and the gap between them.
    const y = a.y + a.h - 6;
    const seen = [];
    for (let x = a.x + 1; x < b.x + b.w; x += 4) {
      await page.mouse.move(x, y);
      await nextFrames(page, 2);
      const hovered = await page.evaluate(() => window.coflags.galleryHovered || []);
      assert.ok(hovered.length <= 1, `at x=${x}: ${JSON.stringify(hovered)}`);
      if (hovered.length) seen.push(hovered[0]);
    }
    const codes = [...new Set(seen.map((h) => h.code))];
    assert.equal(codes.length, 2, JSON.stringify(codes));
    const longest = seen.find((h) => h.shown.endsWith('...'));
    assert.ok(longest, `a long name is cut with "...": ${JSON.stringify(seen)}`);
  }

  it('a flag downloaded again keeps its picture while the new bytes decode', async () => {
    await openApp(page, server.pageUrl('server=LOCAL&cc=POP20&m=20'));
    await waitUntil(async () => (await appState(page)).decoded >= 20, { timeout: 20000 });
    await clickWidget(page, 'start');
    let least = Infinity;
    let finished = false;
    while (!finished) {
      least = Math.min(least, (await appState(page)).decoded);
      finished = await page.evaluate(() => window.coflags.lastRun && window.coflags.lastRun.phase === 'finished' &&
        window.coflags.state.decoding === 0);
      await nextFrames(page, 1);
    }
    assert.ok(least >= 20, `${least} pictures on screen at the least`);
  });
});
