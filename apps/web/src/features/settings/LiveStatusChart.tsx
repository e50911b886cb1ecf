import type { LiveStatusPoint } from '@messenger/shared';
import { useId } from 'react';
import { useTranslation } from 'react-i18next';

const WIDTH = 300;
const HEIGHT = 90;
/** Points of a full hour: the chart's width is always an hour, filling from the right. */
const SLOTS = 60;

/**
 * The last hour, one point a minute (ADMIN-4): messages per minute as bars and people connected as a line,
 * each on its own scale (their peaks are written beside them). An inline SVG with a title and description,
 * a text summary, and the figures in a table behind a disclosure, so nothing is only in the picture.
 */
export function LiveStatusChart({ history }: { history: LiveStatusPoint[] }) {
  const { t, i18n } = useTranslation();
  const id = useId();
  if (history.length === 0) return <p className="settings-section__hint">{t('liveStatus.chartEmpty')}</p>;
  const points = history.slice(-SLOTS);
  const maxMessages = Math.max(...points.map((p) => p.messages));
  const maxPeople = Math.max(...points.map((p) => p.people));
  const step = WIDTH / SLOTS;
  const x = (i: number) => (SLOTS - points.length + i) * step;
  // An all-zero series lies on the axis (its scale is at least 1).
  const y = (value: number, max: number) => HEIGHT - (value / Math.max(1, max)) * (HEIGHT - 4);
  const line = points.map((p, i) => `${x(i) + step / 2},${y(p.people, maxPeople)}`).join(' ');
  const last = points.at(-1)!;
  const time = (iso: string) => new Date(iso).toLocaleTimeString(i18n.language, { timeStyle: 'short' });
  return (
    <figure className="live-chart" data-testid="live-chart">
      <svg
        className="live-chart__svg"
        viewBox={`0 0 ${WIDTH} ${HEIGHT}`}
        role="img"
        aria-labelledby={`${id}-title ${id}-desc`}
      >
        <title id={`${id}-title`}>{t('liveStatus.chartTitle')}</title>
        <desc id={`${id}-desc`}>{t('liveStatus.chartDesc')}</desc>
        <line className="live-chart__axis" x1="0" y1={HEIGHT - 0.5} x2={WIDTH} y2={HEIGHT - 0.5} />
        {points.map((p, i) => (
          <rect
            key={p.at}
            className="live-chart__bar"
            x={x(i) + step * 0.15}
            width={step * 0.7}
            y={y(p.messages, maxMessages)}
            height={HEIGHT - y(p.messages, maxMessages)}
          />
        ))}
        <polyline className="live-chart__line" points={line} />
        {points.map((p, i) => (
          <circle
            key={p.at}
            className="live-chart__dot"
            cx={x(i) + step / 2}
            cy={y(p.people, maxPeople)}
            r={1.8}
          />
        ))}
      </svg>
      <figcaption className="live-chart__caption">
        <span className="live-chart__key live-chart__key--messages">
          {t('liveStatus.legendMessages')} (≤ {maxMessages})
        </span>
        <span className="live-chart__key live-chart__key--people">
          {t('liveStatus.legendPeople')} (≤ {maxPeople})
        </span>
        <span data-testid="live-chart-summary">
          {t('liveStatus.chartSummary', {
            minutes: points.length,
            maxMessages,
            lastMessages: last.messages,
            maxPeople,
            lastPeople: last.people,
          })}
        </span>
      </figcaption>
      <details className="live-chart__table">
        <summary>{t('liveStatus.showFigures')}</summary>
        <table>
          <thead>
            <tr>
              <th scope="col">{t('liveStatus.colTime')}</th>
              <th scope="col">{t('liveStatus.colMessages')}</th>
              <th scope="col">{t('liveStatus.colPeople')}</th>
              <th scope="col">{t('liveStatus.colSockets')}</th>
            </tr>
          </thead>
          <tbody>
            {points.map((p) => (
              <tr key={p.at}>
                <th scope="row">{time(p.at)}</th>
                <td>{p.messages}</td>
                <td>{p.people}</td>
                <td>{p.sockets}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </details>
    </figure>
  );
}
