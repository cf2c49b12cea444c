// @vitest-environment happy-dom
import { act, cleanup, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import type { EventsHistogram } from '@shared/api/domains/events';
import { ActivityChart } from '../../../renderer/src/features/chart/activity-chart';
import { AppStoreProvider } from '../../../renderer/src/state/store-context';
import { createHarness } from './render-app';

afterEach(cleanup);

const MINUTE = 60_000;
const T0 = Date.UTC(2026, 10, 27, 9, 0);

/** Three one-minute bars: 2 incoming_chat; nothing; 3 incoming_event + 1 without an action. */
const histogram: EventsHistogram = {
  bucketMs: MINUTE,
  start: T0,
  buckets: [
    { start: T0, total: 2, counts: { incoming_chat: 2 } },
    { start: T0 + MINUTE, total: 0, counts: {} },
    { start: T0 + 2 * MINUTE, total: 4, counts: { incoming_event: 3, '': 1 } },
  ],
};

function renderChart() {
  const { store } = createHarness();
  act(() => store.setState({ histogram }));
  render(
    <AppStoreProvider store={store}>
      <ActivityChart />
    </AppStoreProvider>,
  );
  return { store, chart: screen.getByRole('img', { name: /^Webhooks over time: 6 in 3 min, 1 min per bar/ }) };
}

const caption = (): string => document.querySelector('.activity-caption')!.textContent ?? '';

describe('ActivityChart', () => {
  it('draws one bar group per bucket and a legend by action, most frequent first', () => {
    const { chart } = renderChart();
    expect(chart.querySelectorAll('g')).toHaveLength(3);
    const legend = [...document.querySelectorAll('.legend-item')].map((el) => el.textContent);
    expect(legend).toEqual(['incoming_event', 'incoming_chat', '(no action)']);
  });

  it('steps through the bars with the keyboard and tells each one in the caption (a live region)', () => {
    const { chart } = renderChart();
    expect(chart.tabIndex).toBe(0);
    expect(document.querySelector('.activity-caption')!.getAttribute('aria-live')).toBe('polite');
    chart.focus();

    fireEvent.keyDown(chart, { key: 'ArrowLeft' }); // from nothing picked: the newest bar
    expect(caption()).toMatch(/: 4 webhooks \(incoming_event 3, \(no action\) 1\)$/);
    fireEvent.keyDown(chart, { key: 'ArrowLeft' });
    expect(caption()).toMatch(/: 0 webhooks$/);
    fireEvent.keyDown(chart, { key: 'Home' });
    expect(caption()).toMatch(/: 2 webhooks \(incoming_chat 2\)$/);
    fireEvent.keyDown(chart, { key: 'ArrowLeft' }); // stays on the first bar
    expect(caption()).toMatch(/: 2 webhooks/);
    fireEvent.keyDown(chart, { key: 'End' });
    expect(caption()).toMatch(/: 4 webhooks/);
    fireEvent.keyDown(chart, { key: 'ArrowRight' }); // stays on the last bar
    expect(caption()).toMatch(/: 4 webhooks/);
    expect(chart.querySelectorAll('g.bar-hover')).toHaveLength(1);
  });

  it('lets Esc drop the picked bar first, and leaves Esc to the app when no bar is picked', () => {
    const { chart } = renderChart();
    chart.focus();
    fireEvent.keyDown(chart, { key: 'End' });
    const picked = new KeyboardEvent('keydown', { key: 'Escape', bubbles: true, cancelable: true });
    act(() => void chart.dispatchEvent(picked));
    expect(picked.defaultPrevented).toBe(true);
    expect(caption()).not.toMatch(/webhooks/);
    const free = new KeyboardEvent('keydown', { key: 'Escape', bubbles: true, cancelable: true });
    act(() => void chart.dispatchEvent(free));
    expect(free.defaultPrevented).toBe(false);
  });

  it('forgets the picked bar when focus leaves', () => {
    const { chart } = renderChart();
    chart.focus();
    fireEvent.keyDown(chart, { key: 'End' });
    expect(caption()).toMatch(/webhooks/);
    fireEvent.blur(chart);
    expect(caption()).not.toMatch(/webhooks/);
  });
});
