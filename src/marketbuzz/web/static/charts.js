// Inline SVG charts drawn from API numbers: the board's sparklines and the instrument chart.

import { svg, formatNumber, formatShortDate, toDate } from "./dom.js";

/** A small area+line of the board row's `spark` (volume per slice of the window, oldest first). */
export function sparkline(values, { width = 96, height = 28 } = {}) {
  const points = (values || []).map((v) => Math.max(0, Number(v) || 0));
  const chart = svg("svg", {
    class: "spark",
    viewBox: `0 0 ${width} ${height}`,
    width,
    height,
    role: "img",
    "aria-hidden": "true",
  });
  if (points.length < 2) return chart;
  const top = Math.max(...points) || 1;
  const step = width / (points.length - 1);
  const y = (v) => (height - 2 - (v / top) * (height - 4)).toFixed(1);
  const line = points.map((v, i) => `${i ? "L" : "M"}${(i * step).toFixed(1)} ${y(v)}`).join(" ");
  chart.append(
    svg("path", { class: "spark-area", d: `${line} L${width} ${height} L0 ${height} Z` }),
    svg("path", { class: "spark-line", d: line }),
  );
  const last = points.length - 1;
  chart.append(svg("circle", { class: "spark-dot", cx: (last * step).toFixed(1), cy: y(points[last]), r: 2 }));
  return chart;
}

// Drawn at the size it is shown (one SVG unit = one CSS pixel) so labels keep their size.
const MARGINS = { left: 44, right: 44, top: 22, bottom: 30 };

/**
 * Buzz as bars (left axis) and sentiment as a line (right axis, -1..1) over `series` buckets.
 * Buckets without articles have no sentiment: the line breaks there instead of diving to 0.
 */
export function instrumentChart(series, labels, size = {}) {
  const box = {
    ...MARGINS,
    width: Math.max(280, Math.round(size.width || 760)),
    height: Math.max(180, Math.round(size.height || 260)),
  };
  const { width, height, left, right, top, bottom } = box;
  const plotWidth = width - left - right;
  const plotHeight = height - top - bottom;
  const buckets = series || [];
  const chart = svg("svg", {
    id: "instrument-chart",
    class: "chart",
    viewBox: `0 0 ${width} ${height}`,
    role: "img",
    "aria-label": labels.title,
    preserveAspectRatio: "xMidYMid meet",
  });
  const maxBuzz = Math.max(0, ...buckets.map((b) => Number(b.buzz) || 0)) || 1;
  const slot = plotWidth / Math.max(1, buckets.length);
  const yBuzz = (v) => top + plotHeight - (v / maxBuzz) * plotHeight;
  const ySentiment = (v) => top + ((1 - v) / 2) * plotHeight;

  chart.append(
    gridAndAxes(box, maxBuzz, yBuzz, ySentiment, labels),
    bars(box, buckets, slot, yBuzz),
    sentimentLine(box, buckets, slot, ySentiment),
    timeLabels(box, buckets, slot),
  );
  return chart;
}

function gridAndAxes(box, maxBuzz, yBuzz, ySentiment, labels) {
  const { width, left, right } = box;
  const group = svg("g", { class: "axes" });
  for (const fraction of [0, 0.5, 1]) {
    const y = yBuzz(maxBuzz * fraction);
    group.append(
      svg("line", { class: "grid", x1: left, x2: width - right, y1: y, y2: y }),
      svg("text", { class: "axis-label", x: left - 6, y: y + 4, "text-anchor": "end" }, formatNumber(maxBuzz * fraction, 1)),
    );
  }
  for (const value of [1, 0, -1]) {
    group.append(
      svg(
        "text",
        { class: "axis-label sentiment-axis", x: width - right + 6, y: ySentiment(value) + 4, "text-anchor": "start" },
        value > 0 ? "+1" : String(value),
      ),
    );
  }
  group.append(
    svg("line", { class: "zero", x1: left, x2: width - right, y1: ySentiment(0), y2: ySentiment(0) }),
    svg("text", { class: "axis-title", x: left, y: 12 }, labels.buzz),
    svg("text", { class: "axis-title sentiment-axis", x: width - right, y: 12, "text-anchor": "end" }, labels.sentiment),
  );
  return group;
}

function bars(box, buckets, slot, yBuzz) {
  const { left, height, bottom } = box;
  const base = height - bottom;
  const group = svg("g", { class: "bars" });
  buckets.forEach((bucket, index) => {
    const value = Number(bucket.buzz) || 0;
    if (value <= 0) return;
    const y = yBuzz(value);
    const rect = svg("rect", {
      class: "bar",
      x: (left + index * slot + slot * 0.15).toFixed(1),
      y: Math.min(y, base - 1).toFixed(1),
      width: Math.max(1, slot * 0.7).toFixed(1),
      height: Math.max(1, base - y).toFixed(1),
      dataset: { articles: String(bucket.articles ?? "") },
    });
    rect.append(svg("title", {}, `${formatShortDate(bucket.start)} – ${formatShortDate(bucket.end)}: ${formatNumber(value, 2)}`));
    group.append(rect);
  });
  return group;
}

function sentimentLine(box, buckets, slot, ySentiment) {
  const { left } = box;
  let d = "";
  let drawing = false;
  const dots = svg("g", { class: "sentiment-dots" });
  buckets.forEach((bucket, index) => {
    const value = bucket.sentiment;
    const hasValue = value !== null && value !== undefined && (bucket.articles ?? 1) > 0;
    if (!hasValue) {
      drawing = false;
      return;
    }
    const x = (left + index * slot + slot / 2).toFixed(1);
    const y = ySentiment(Math.max(-1, Math.min(1, Number(value)))).toFixed(1);
    d += `${drawing ? "L" : "M"}${x} ${y} `;
    drawing = true;
    dots.append(svg("circle", { class: "sentiment-dot", cx: x, cy: y, r: 3 }));
  });
  const group = svg("g", { class: "sentiment" });
  if (d) group.append(svg("path", { class: "sentiment-line", d: d.trim() }));
  group.append(dots);
  return group;
}

function timeLabels(box, buckets, slot) {
  const { left, height } = box;
  const group = svg("g", { class: "time-labels" });
  if (!buckets.length) return group;
  const picks = [...new Set([0, Math.floor(buckets.length / 2), buckets.length - 1])];
  for (const index of picks) {
    const at = index === buckets.length - 1 ? buckets[index].end : buckets[index].start;
    if (!toDate(at)) continue;
    const anchor = index === 0 ? "start" : index === buckets.length - 1 ? "end" : "middle";
    const x = index === 0 ? left : index === buckets.length - 1 ? left + buckets.length * slot : left + index * slot;
    group.append(svg("text", { class: "axis-label", x, y: height - 10, "text-anchor": anchor }, formatShortDate(at)));
  }
  return group;
}
