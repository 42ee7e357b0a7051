/**
 * One dashboard chart (chart.js on a canvas) with what makes it usable for everyone: the canvas
 * is an image with a text summary, its figures are a real table behind a toggle, and both can
 * be downloaded (PNG, CSV).
 */
import { BarController, BarElement, CategoryScale, Chart, Filler, Legend, LinearScale, LineController, LineElement, PointElement, Tooltip, type Plugin } from 'chart.js';
import { useEffect, useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { downloadHref } from '../ui/download.ts';
import { downloadCsv, toCsv } from './export-file.ts';

Chart.register(BarController, BarElement, CategoryScale, Filler, Legend, LinearScale, LineController, LineElement, PointElement, Tooltip);

/** The PNG gets a white background instead of a transparent one. */
const whiteBackground: Plugin = {
  id: 'stafette-white-background',
  beforeDraw(chart) {
    const { ctx } = chart;
    ctx.save();
    ctx.globalCompositeOperation = 'destination-over';
    ctx.fillStyle = '#ffffff';
    ctx.fillRect(0, 0, chart.width, chart.height);
    ctx.restore();
  },
};

export interface Series {
  label: string;
  data: number[];
  color: string;
}

export interface ChartPanelProps {
  /** File names of the downloads. */
  name: string;
  title: string;
  summary: string;
  type: 'line' | 'bar';
  categoryLabel: string;
  labels: string[];
  series: Series[];
  stacked?: boolean;
  horizontal?: boolean;
  empty: string;
}

export function ChartPanel(props: ChartPanelProps) {
  const { t } = useTranslation();
  const canvas = useRef<HTMLCanvasElement>(null);
  const chart = useRef<Chart | null>(null);
  const [showTable, setShowTable] = useState(false);
  const id = useId();
  const hasData = props.labels.length > 0;

  useEffect(() => {
    if (!canvas.current || !hasData) return;
    chart.current = new Chart(canvas.current, {
      type: props.type,
      data: {
        labels: props.labels,
        datasets: props.series.map((s) => ({ label: s.label, data: s.data, backgroundColor: s.color, borderColor: s.color, fill: false, tension: 0.2 })),
      },
      options: {
        animation: false,
        responsive: true,
        maintainAspectRatio: false,
        indexAxis: props.horizontal ? 'y' : 'x',
        scales: { x: { stacked: props.stacked ?? false, beginAtZero: true }, y: { stacked: props.stacked ?? false, beginAtZero: true, ticks: { precision: 0 } } },
        plugins: { legend: { position: 'bottom' } },
      },
      plugins: [whiteBackground],
    });
    return () => {
      chart.current?.destroy();
      chart.current = null;
    };
  }, [props.type, props.labels, props.series, props.stacked, props.horizontal, hasData]);

  const header = [props.categoryLabel, ...props.series.map((s) => s.label)];
  const rows = props.labels.map((label, i) => [label, ...props.series.map((s) => s.data[i] ?? 0)]);

  return (
    <section className="panel dashboard-chart" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>{props.title}</h2>
      {!hasData ? (
        <p className="muted">{props.empty}</p>
      ) : (
        <>
          <div className="dashboard-canvas">
            <canvas ref={canvas} role="img" aria-label={`${props.title}. ${props.summary}`} />
          </div>
          <p className="dashboard-summary">{props.summary}</p>
          <div className="dashboard-actions">
            <button type="button" className="button button-small" aria-expanded={showTable} aria-controls={`${id}-table`} onClick={() => setShowTable((v) => !v)}>
              {showTable ? t('dashboard.hideTable') : t('dashboard.showTable')}
            </button>
            <button type="button" className="button button-small" onClick={() => chart.current && downloadHref(chart.current.toBase64Image('image/png', 1), `${props.name}.png`)}>
              {t('dashboard.png')}
            </button>
            <button type="button" className="button button-small" onClick={() => downloadCsv(`${props.name}.csv`, toCsv(header, rows))}>
              {t('dashboard.csv')}
            </button>
          </div>
          <div id={`${id}-table`} hidden={!showTable}>
            <table className="dashboard-table">
              <caption>{props.title}</caption>
              <thead>
                <tr>
                  {header.map((h) => (
                    <th key={h} scope="col">
                      {h}
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {rows.map(([label, ...values]) => (
                  <tr key={String(label)}>
                    <th scope="row">{label}</th>
                    {values.map((v, i) => (
                      <td key={i}>{v}</td>
                    ))}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      )}
    </section>
  );
}
