/**
 * The state at a glance (/dashboard, knowledge managers and admins): documentation coverage over
 * time, knowledge at risk by office, reviews, exit interviews and what searches did not find.
 * Counts only — no chart ranks people.
 */
import type { Dashboard } from '@stafette/api';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { useFormat } from '../i18n/format.ts';
import { ScreenPending } from '../ui/Loaded.tsx';
import { useAsync } from '../ui/use-async.ts';
import { useDocumentTitle } from '../ui/use-document-title.ts';
import { dashboardApi } from './api.ts';
import { ChartPanel, type ChartPanelProps } from './ChartPanel.tsx';
import './dashboard.css';

const COLOR = { blue: '#1f5fa8', grey: '#6b7785', red: '#b3261e', amber: '#a86a00', green: '#2e7d32' };
const percent = (documented: number, steps: number) => (steps === 0 ? 100 : Math.round((documented / steps) * 100));

export function DashboardScreen() {
  const { t } = useTranslation();
  const state = useAsync(() => dashboardApi.get(), []);
  useDocumentTitle(t('dashboard.title'));
  if (state.status !== 'done') return <ScreenPending state={state} />;
  return <DashboardCharts d={state.value} />;
}

function DashboardCharts({ d }: { d: Dashboard }) {
  const { t } = useTranslation();
  const format = useFormat();
  const charts = useMemo<ChartPanelProps[]>(() => {
    const today = d.coverage[d.coverage.length - 1] ?? { steps: 0, documented: 0 };
    const sum = <T,>(items: T[], f: (i: T) => number) => items.reduce((s, i) => s + f(i), 0);
    return [
      {
        name: 'dokumentationsabdeckung',
        title: t('dashboard.coverage'),
        summary: t('dashboard.coverageSummary', { documented: today.documented, steps: today.steps, percent: percent(today.documented, today.steps) }),
        type: 'line',
        categoryLabel: t('dashboard.day'),
        labels: d.coverage.map((p) => format.date(`${p.day}T12:00:00Z`)),
        series: [
          { label: t('dashboard.steps'), data: d.coverage.map((p) => p.steps), color: COLOR.grey },
          { label: t('dashboard.documented'), data: d.coverage.map((p) => p.documented), color: COLOR.blue },
        ],
        empty: t('dashboard.coverageEmpty'),
      },
      {
        name: 'wissen-in-gefahr',
        title: t('dashboard.risk'),
        summary: t('dashboard.riskSummary', { within6: sum(d.risk, (r) => r.within6Months), within12: sum(d.risk, (r) => r.within12Months), offices: d.risk.length }),
        type: 'bar',
        categoryLabel: t('dashboard.office'),
        labels: d.risk.map((r) => r.name),
        series: [
          { label: t('dashboard.within6'), data: d.risk.map((r) => r.within6Months), color: COLOR.red },
          { label: t('dashboard.within12'), data: d.risk.map((r) => r.within12Months), color: COLOR.amber },
        ],
        empty: t('dashboard.riskEmpty'),
      },
      {
        name: 'ueberpruefungen',
        title: t('dashboard.reviews'),
        summary: t('dashboard.reviewsSummary', { onTime: sum(d.reviews, (r) => r.onTime), overdue: sum(d.reviews, (r) => r.overdue) }),
        type: 'bar',
        stacked: true,
        categoryLabel: t('dashboard.office'),
        labels: d.reviews.map((r) => r.name),
        series: [
          { label: t('dashboard.onTime'), data: d.reviews.map((r) => r.onTime), color: COLOR.green },
          { label: t('dashboard.overdue'), data: d.reviews.map((r) => r.overdue), color: COLOR.red },
        ],
        empty: t('dashboard.reviewsEmpty'),
      },
      {
        name: 'uebergabegespraeche',
        title: t('dashboard.interviews'),
        summary: t('dashboard.interviewsSummary', d.interviews),
        type: 'bar',
        categoryLabel: t('dashboard.state'),
        labels: [t('dashboard.planned'), t('dashboard.running'), t('dashboard.done')],
        series: [{ label: t('dashboard.count'), data: [d.interviews.planned, d.interviews.running, d.interviews.done], color: COLOR.blue }],
        empty: '',
      },
      {
        name: 'gesucht-nicht-gefunden',
        title: t('dashboard.gaps'),
        summary: d.gaps.length ? t('dashboard.gapsSummary', { query: d.gaps[0]!.query, count: d.gaps[0]!.count }) : '',
        type: 'bar',
        horizontal: true,
        categoryLabel: t('dashboard.query'),
        labels: d.gaps.map((g) => g.query),
        series: [{ label: t('dashboard.searches'), data: d.gaps.map((g) => g.count), color: COLOR.amber }],
        empty: t('dashboard.gapsEmpty'),
      },
    ];
  }, [d, t, format]);

  return (
    <div className="content content-wide dashboard">
      <h1>{t('dashboard.title')}</h1>
      <p className="muted">{t('dashboard.intro', { at: format.dateTime(d.generatedAt) })}</p>
      <div className="dashboard-grid">
        {charts.map((chart) => (
          <ChartPanel key={chart.name} {...chart} />
        ))}
      </div>
    </div>
  );
}
