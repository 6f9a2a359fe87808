import { readFileSync } from 'node:fs';
import path from 'node:path';
import { METRICS, prometheusSeries } from '@switchyard/telemetry';

const DASHBOARD_FILE = path.resolve(__dirname, '../../deploy/grafana/switchyard-dashboard.json');

interface Panel {
  title: string;
  datasource?: { type: string; uid: string };
  targets?: { expr: string }[];
}

const dashboard = JSON.parse(readFileSync(DASHBOARD_FILE, 'utf8')) as { uid: string; panels: Panel[] };
/** Every series a Prometheus scrape of the services can show, from the one catalog of metric names. */
const exported = new Set(Object.values(METRICS).flatMap(prometheusSeries));
/** The metric names in a PromQL expression: Switchyard's all start with the same prefix. */
const metricNames = (expr: string) => expr.match(/\bswitchyard_[a-z0-9_]+/g) ?? [];

describe('the Grafana dashboard', () => {
  it('queries only metrics the services export, in every panel', () => {
    const unknown = dashboard.panels.flatMap((panel) =>
      (panel.targets ?? []).flatMap((target) => metricNames(target.expr).filter((name) => !exported.has(name)).map((name) => `${panel.title}: ${name}`)),
    );
    expect(unknown).toEqual([]);
  });

  it('gives every panel a Prometheus query on a Switchyard metric, through the datasource variable', () => {
    for (const panel of dashboard.panels) {
      expect({ panel: panel.title, datasource: panel.datasource }).toEqual({ panel: panel.title, datasource: { type: 'prometheus', uid: '${datasource}' } });
      expect({ panel: panel.title, metrics: (panel.targets ?? []).flatMap((t) => metricNames(t.expr)).length > 0 }).toEqual({ panel: panel.title, metrics: true });
    }
  });

  it('shows every catalogued metric somewhere', () => {
    const queried = new Set(dashboard.panels.flatMap((panel) => (panel.targets ?? []).flatMap((t) => metricNames(t.expr))));
    const unshown = Object.values(METRICS).filter((metric) => !prometheusSeries(metric).some((series) => queried.has(series)));
    expect(unshown.map((m) => m.name)).toEqual([]);
  });
});
