// The page by keyboard alone, as a web page: Tab and Shift+Tab reach every
// control (radio buttons, checkboxes, the slider, Start, Cancel, the tabs),
// the focused one is highlighted, Space and Enter operate it. Dear ImGui 1.86
// tabbed only between the text fields of one window. Real key events.
import { describe, it, before } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { useAppPage, openApp, pressKey, waitForRun, nextFrames, artifactsDir } from './harness.mjs';

describe('keyboard', () => {
  const ctx = useAppPage({ delay: 0, errorRate: 0, seed: 5 });
  let server, page;
  before(() => {
    ({ server, page } = ctx);
  });
  const focused = () => page.evaluate(() => window.coflags.focused);

  // Presses Tab (or Shift+Tab) until `name` has the focus; returns the names passed on the way.
  async function tabTo(name, key = 'Tab', most = 60) {
    const seen = [];
    for (let i = 0; i < most; ++i) {
      await pressKey(page, key);
      await nextFrames(page, 2);
      const now = await focused();
      seen.push(now);
      if (now === name) return seen;
    }
    assert.fail(`${most} presses of ${key} never reached ${name}: ${seen.join(', ')}`);
  }

  // Yellow pixels (the theme's navigation highlight) in a frame around a widget.
  async function highlightPixels(name) {
    const w = await page.evaluate((n) => window.coflags.widgets[n], name);
    const pad = 6;
    const clip = { x: Math.max(0, w.x - pad), y: Math.max(0, w.y - pad), width: w.w + 2 * pad, height: w.h + 2 * pad };
    const png = (await page.screenshot({ clip })).toString('base64');
    return page.evaluate(async (data) => {
      const bitmap = await createImageBitmap(await (await fetch('data:image/png;base64,' + data)).blob());
      const c = new OffscreenCanvas(bitmap.width, bitmap.height);
      const g = c.getContext('2d');
      g.drawImage(bitmap, 0, 0);
      const px = g.getImageData(0, 0, c.width, c.height).data;
      let n = 0;
      for (let i = 0; i < px.length; i += 4) if (px[i] > 200 && px[i + 1] > 160 && px[i + 2] < 140) ++n;
      return n;
    }, png);
  }

  it('Tab reaches the radio buttons, checkboxes, slider and Start; Enter on Start runs', async () => {
    await openApp(page, server.pageUrl('server=LOCAL&cc=POP20'));
    await page.waitForFunction(() => window.coflags.widgets && window.coflags.widgets.start);
    const withoutFocus = await highlightPixels('start');
    const seen = await tabTo('start');
    for (const name of ['server_LOCAL', 'server_DELAY', 'countries', 'limit', 'metadata', 'skip_saved', 'concurrency',
      'transport_HTTP/1.1 sharded'])
      assert.ok(seen.includes(name), `Tab passed ${seen.join(', ')}, not ${name}`);
    const withFocus = await highlightPixels('start');
    assert.ok(withFocus > withoutFocus + 40, `focus on Start is visible: ${withFocus} highlight pixels, ${withoutFocus} before`);
    await page.screenshot({ path: path.join(artifactsDir(), 'app-keyboard-focus.png') });
    await pressKey(page, 'Enter');
    const run = await waitForRun(page, 1);
    assert.equal(run.ok, 20, JSON.stringify(run.requests.slice(0, 3)));
    assert.equal(run.metadata, false);
  });

  it('Shift+Tab goes back to a checkbox, Space toggles it, and the next run uses it', async () => {
    // From Start (focused after the run) backwards to "metadata (flags3)".
    await tabTo('metadata', 'Shift+Tab');
    await pressKey(page, 'Space');
    await tabTo('start');
    await pressKey(page, 'Space');  // Space presses buttons too
    const run = await waitForRun(page, 2);
    assert.equal(run.metadata, true, 'Space on the checkbox turned metadata on');
    assert.equal(run.ok, 20);
  });

  it('Tab reaches the bottom tabs; Space opens one', async () => {
    await tabTo('timeline_tab');
    await pressKey(page, 'Space');
    // The Timeline tab's own control is next in the ring only once that tab is open.
    await pressKey(page, 'Tab');
    await nextFrames(page, 2);
    assert.equal(await focused(), 'export_json');
    assert.deepEqual(ctx.pageErrors, []);
  });
});
