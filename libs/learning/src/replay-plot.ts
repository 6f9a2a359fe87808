import type { QualityCurve } from './routing-metrics';

/** A labelled curve on the quality-vs-strong-share plot. */
export interface PlotSeries {
  label: string;
  curve: QualityCurve;
  color: string;
  dashed?: boolean;
}

const WIDTH = 640;
const HEIGHT = 440;
const MARGIN = { left: 64, right: 20, top: 36, bottom: 52 };
// Enough points for a smooth line while keeping the file small whatever n is.
const MAX_POINTS = 400;

/** A standalone SVG of quality against the share of prompts sent to the strong model. */
export function renderQualityPlot(title: string, series: readonly PlotSeries[]): string {
  const all = series.flatMap((s) => s.curve.quality);
  const padding = 0.02;
  const yMin = Math.max(0, Math.floor((Math.min(...all) - padding) * 20) / 20);
  const yMax = Math.min(1, Math.ceil((Math.max(...all) + padding) * 20) / 20);
  const plotW = WIDTH - MARGIN.left - MARGIN.right;
  const plotH = HEIGHT - MARGIN.top - MARGIN.bottom;
  const x = (share: number) => Number((MARGIN.left + share * plotW).toFixed(1));
  const y = (quality: number) => Number((MARGIN.top + (1 - (quality - yMin) / (yMax - yMin)) * plotH).toFixed(1));

  const parts: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${HEIGHT}" viewBox="0 0 ${WIDTH} ${HEIGHT}" font-family="sans-serif" font-size="12">`,
    `<rect width="${WIDTH}" height="${HEIGHT}" fill="white"/>`,
    `<text x="${WIDTH / 2}" y="20" text-anchor="middle" font-size="14">${escapeXml(title)}</text>`,
  ];
  for (let i = 0; i <= 10; i++) {
    const share = i / 10;
    parts.push(`<line x1="${x(share)}" y1="${MARGIN.top}" x2="${x(share)}" y2="${MARGIN.top + plotH}" stroke="#eee"/>`);
    parts.push(`<text x="${x(share)}" y="${MARGIN.top + plotH + 16}" text-anchor="middle">${share.toFixed(1)}</text>`);
  }
  const ySteps = Math.round((yMax - yMin) / 0.05);
  for (let i = 0; i <= ySteps; i++) {
    const quality = yMin + i * 0.05;
    parts.push(`<line x1="${MARGIN.left}" y1="${y(quality)}" x2="${MARGIN.left + plotW}" y2="${y(quality)}" stroke="#eee"/>`);
    parts.push(`<text x="${MARGIN.left - 6}" y="${y(quality) + 4}" text-anchor="end">${quality.toFixed(2)}</text>`);
  }
  parts.push(`<rect x="${MARGIN.left}" y="${MARGIN.top}" width="${plotW}" height="${plotH}" fill="none" stroke="#333"/>`);
  parts.push(`<text x="${MARGIN.left + plotW / 2}" y="${HEIGHT - 12}" text-anchor="middle">share of prompts sent to the strong model</text>`);
  parts.push(`<text transform="translate(16 ${MARGIN.top + plotH / 2}) rotate(-90)" text-anchor="middle">quality (share answered correctly)</text>`);

  series.forEach((s, i) => {
    const stride = Math.max(1, Math.ceil(s.curve.shares.length / MAX_POINTS));
    const points: string[] = [];
    for (let k = 0; k < s.curve.shares.length; k += stride) points.push(`${x(s.curve.shares[k])},${y(s.curve.quality[k])}`);
    const last = s.curve.shares.length - 1;
    if (last % stride !== 0) points.push(`${x(s.curve.shares[last])},${y(s.curve.quality[last])}`);
    const dash = s.dashed ? ' stroke-dasharray="6 4"' : '';
    parts.push(`<polyline points="${points.join(' ')}" fill="none" stroke="${s.color}" stroke-width="2"${dash}/>`);
    // Bottom right: every curve ends high at share 1, so that corner is empty.
    const legendY = MARGIN.top + plotH - 12 - (series.length - 1 - i) * 18;
    parts.push(`<line x1="${MARGIN.left + plotW - 190}" y1="${legendY - 4}" x2="${MARGIN.left + plotW - 166}" y2="${legendY - 4}" stroke="${s.color}" stroke-width="2"${dash}/>`);
    parts.push(`<text x="${MARGIN.left + plotW - 160}" y="${legendY}">${escapeXml(s.label)}</text>`);
  });
  parts.push('</svg>');
  return parts.join('\n') + '\n';
}

function escapeXml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}
