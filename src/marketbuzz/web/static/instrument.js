// #/instrument/{symbol}: names and listings, buzz and sentiment over time, moves and events
// on a timeline, and the articles that mention it.

import { getJson } from "./api.js";
import { instrumentChart } from "./charts.js";
import {
  articleHref,
  articleList,
  instrumentHref,
  loadView,
  moveBadge,
  primaryName,
  secondaryName,
  segmented,
  sentimentBadge,
  sentimentClass,
  view,
} from "./common.js";
import { formatDateTime, formatNumber, formatShortDate, h, replaceChildren } from "./dom.js";
import { t, tMaybe } from "./i18n.js";

const INSTRUMENT_WINDOWS = ["24h", "7d", "30d"];
const INSTRUMENT_BUCKETS = { "24h": 24, "7d": 28, "30d": 30 };

function listingsTable(listings) {
  if (!listings?.length) return null;
  return h(
    "table",
    { class: "listings" },
    h("thead", {}, h("tr", {}, [t("symbol"), t("market"), t("exchange"), t("currency"), t("code")].map((label) => h("th", {}, label)))),
    h(
      "tbody",
      {},
      listings.map((item) => h("tr", {}, [item.symbol, item.market, item.exchange, item.currency, item.code].map((value) => h("td", {}, value || "–")))),
    ),
  );
}

/** Moves and events newest first; those read in a repeat of a listed story are left out. */
function timelineEntries(data) {
  const repeats = new Set((data.articles || []).filter((item) => item.repeat_of).map((item) => item.id));
  const fresh = (item) => !repeats.has(item.article_id);
  const moves = (data.moves || []).filter(fresh).map((move) => ({ at: move.at, kind: "move", item: move }));
  const events = (data.events || []).filter(fresh).map((event) => ({ at: event.at, kind: "event", item: event }));
  return [...moves, ...events].sort((a, b) => (Number(b.at) || 0) - (Number(a.at) || 0));
}

function timelineItem(entry) {
  const { item } = entry;
  const badge = entry.kind === "move" ? moveBadge(item) : h("span", { class: `tag ${sentimentClass(item.polarity)}` }, tMaybe(`ev_${item.type}`, item.type));
  const text = item.article_id ? h("a", { href: articleHref(item.article_id) }, item.text) : h("span", {}, item.text);
  return h("li", { class: `timeline-item tl-${entry.kind}` }, h("time", {}, formatShortDate(item.at_iso ?? item.at)), badge, h("span", { class: "quote" }, text));
}

function boardSummary(row) {
  if (!row) return null;
  return h(
    "div",
    { class: "summary" },
    h("div", { class: "stat" }, h("span", { class: "stat-label" }, t("buzz")), h("span", { class: "stat-value" }, formatNumber(row.buzz, 2))),
    h("div", { class: "stat" }, h("span", { class: "stat-label" }, t("change")), h("span", { class: "stat-value" }, `×${formatNumber(row.change, 1)}`)),
    h("div", { class: "stat" }, h("span", { class: "stat-label" }, t("sentiment")), h("span", { class: "stat-value" }, sentimentBadge(row.sentiment))),
    row.latest_move ? h("div", { class: "stat" }, h("span", { class: "stat-label" }, t("latest_move")), h("span", { class: "stat-value" }, moveBadge(row.latest_move))) : null,
  );
}

function seriesIsEmpty(data) {
  return !(data.series || []).some((bucket) => Number(bucket.volume || bucket.buzz) > 0);
}

/**
 * The instrument over the window ending now; when nothing was said about it in that window but
 * stored articles mention it (an archive, the bundled samples), over the window ending at the
 * newest of them instead, as the board does with as_of_reason "latest".
 */
async function instrumentData(symbol, period) {
  const path = `/api/instruments/${encodeURIComponent(symbol)}`;
  const params = { window: period, buckets: INSTRUMENT_BUCKETS[period] };
  const data = await getJson(path, params);
  const newest = data.articles?.[0]?.at;
  if (!seriesIsEmpty(data) || !newest) return { ...data, archived: false };
  const archived = await getJson(path, { ...params, as_of: newest });
  return { ...archived, archived: true };
}

export async function renderInstrument(symbol, params) {
  const period = INSTRUMENT_WINDOWS.includes(params.get("window")) ? params.get("window") : "7d";
  const data = await loadView(
    () => instrumentData(symbol, period),
    () => renderInstrument(symbol, params),
  );
  if (!data) return () => {};
  const instrument = data.instrument;
  const labels = { title: t("chart_title"), buzz: t("chart_buzz"), sentiment: t("chart_sentiment") };
  const chartWrap = h("div", { class: "chart-wrap" });
  const drawChart = () => {
    const width = chartWrap.clientWidth || 760;
    replaceChildren(chartWrap, instrumentChart(data.series, labels, { width, height: width < 500 ? 200 : 260 }));
  };
  const resizing = new ResizeObserver(() => {
    if (chartWrap.clientWidth && Math.abs(chartWrap.clientWidth - (chartWrap.firstChild?.viewBox?.baseVal?.width ?? 0)) > 2) drawChart();
  });
  replaceChildren(
    view,
    h(
      "div",
      { class: "instrument-page" },
      h(
        "header",
        { class: "instrument-head" },
        h(
          "div",
          {},
          h("h1", {}, primaryName(instrument), secondaryName(instrument) ? h("span", { class: "name-2" }, secondaryName(instrument)) : null),
          h("div", { class: "chips" }, (instrument.symbols || []).map((s) => h("span", { class: "chip" }, s)), h("span", { class: "tag" }, tMaybe(`kind_${instrument.kind}`, instrument.kind ?? ""))),
        ),
        boardSummary(data.board),
      ),
      data.archived ? h("p", { class: "notice", id: "archive-notice" }, t("archive_notice_instrument")) : null,
      h(
        "section",
        { class: "panel chart-panel" },
        h(
          "div",
          { class: "panel-head" },
          h("h2", {}, t("chart_title"), h("span", { class: "muted small" }, ` ${formatDateTime(data.series?.[0]?.start)} – ${formatDateTime(data.as_of)}`)),
          segmented("window", INSTRUMENT_WINDOWS, period, (w) => w, (chosen) => {
            location.hash = `${instrumentHref(symbol)}${chosen === "7d" ? "" : `?window=${chosen}`}`;
          }),
        ),
        chartWrap,
      ),
      h(
        "div",
        { class: "columns" },
        h(
          "section",
          { class: "panel" },
          h("h2", {}, t("timeline")),
          (() => {
            const entries = timelineEntries(data);
            return entries.length ? h("ol", { class: "timeline" }, entries.map(timelineItem)) : h("p", { class: "muted" }, t("none"));
          })(),
        ),
        h(
          "section",
          { class: "panel" },
          h("h2", {}, t("articles")),
          articleList(data.articles),
          data.articles?.length ? h("a", { class: "all-articles", href: `#/search?symbol=${encodeURIComponent(instrument.symbols?.[0] ?? instrument.id)}` }, `${t("all_articles")} →`) : null,
        ),
      ),
      h("section", { class: "panel" }, h("h2", {}, t("listings")), listingsTable(instrument.listings) ?? h("p", { class: "muted" }, t("none"))),
    ),
  );
  drawChart();
  resizing.observe(chartWrap);
  document.title = `${instrument.symbols?.[0] ?? symbol} ${primaryName(instrument)} · marketbuzz`;
  return () => resizing.disconnect();
}
