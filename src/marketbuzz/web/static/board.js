// #/ the 熱議股票 board: ranking, market and window choice, auto-refresh with a pause.

import { getJson } from "./api.js";
import { sparkline } from "./charts.js";
import {
  articleHref,
  errorBox,
  instrumentHref,
  loading,
  moveBadge,
  primaryName,
  secondaryName,
  segmented,
  sentimentBadge,
  view,
} from "./common.js";
import { formatClock, formatDateTime, formatNumber, h, replaceChildren } from "./dom.js";
import { t } from "./i18n.js";

const MARKETS = ["all", "US", "HK", "CN", "crypto"];
const WINDOWS = ["1h", "4h", "24h", "7d"];
const REFRESH_MS = 30_000;

function boardSettings(params) {
  const market = MARKETS.find((m) => m.toLowerCase() === (params.get("market") || "").toLowerCase()) ?? "all";
  const period = WINDOWS.includes(params.get("window")) ? params.get("window") : "24h";
  return { market, window: period };
}

function boardHash(settings) {
  const params = new URLSearchParams();
  if (settings.market !== "all") params.set("market", settings.market);
  if (settings.window !== "24h") params.set("window", settings.window);
  return params.size ? `#/?${params}` : "#/";
}


/** Since the last refresh: "new" on the board, or places gained (▲) or lost (▼). */
function rankChange(row, previous) {
  if (!previous) return null;
  const before = previous.get(row.entity_id);
  if (before === undefined) return h("span", { class: "rank-delta new", title: t("new_on_board") }, t("new"));
  const gained = before - row.rank;
  if (gained === 0) return null;
  return h("span", { class: `rank-delta ${gained > 0 ? "up" : "down"}` }, `${gained > 0 ? "▲" : "▼"}${Math.abs(gained)}`);
}

function boardRow(row, previous) {
  const move = row.latest_move;
  const cells = [
    h("td", { class: "rank" }, h("span", { class: "rank-number" }, String(row.rank)), rankChange(row, previous)),
    h(
      "td",
      { class: "instrument" },
      h(
        "a",
        { href: instrumentHref(row.symbol), class: "instrument-link" },
        h("span", { class: "symbol" }, row.symbol),
        h("span", { class: "name" }, primaryName(row)),
        secondaryName(row) ? h("span", { class: "name-2" }, secondaryName(row)) : null,
      ),
    ),
    h("td", { class: "num buzz", title: `${t("buzz")} ${formatNumber(row.buzz, 3)}` }, formatNumber(row.buzz, 2)),
    h(
      "td",
      { class: `num change${row.change >= 2 ? " hot" : ""}`, title: `${formatNumber(row.volume, 2)} / ${formatNumber(row.baseline, 2)}` },
      `×${formatNumber(row.change, 1)}`,
    ),
    h("td", { class: "num sentiment-cell" }, sentimentBadge(row.sentiment)),
    h(
      "td",
      { class: "latest-move" },
      move ? h("a", { href: articleHref(move.article_id), title: move.text }, moveBadge(move, { withTitle: false })) : h("span", { class: "muted" }, "–"),
    ),
    h("td", { class: "num sources", title: t("sources") }, String(row.sources)),
    h("td", { class: "spark-cell" }, sparkline(row.spark)),
    h(
      "td",
      { class: "headlines" },
      (row.headlines || []).slice(0, 2).map((headline) =>
        h(
          "a",
          { class: "headline", href: articleHref(headline.article_id), title: `${headline.source ?? ""} ${formatDateTime(headline.at)}`.trim() },
          headline.title,
          headline.source ? h("span", { class: "headline-source" }, ` · ${headline.source}`) : null,
        ),
      ),
    ),
  ];
  // A click anywhere on the row (but on its links) opens the instrument.
  const open = (event) => event.target.closest("a") || (location.hash = instrumentHref(row.symbol));
  return h(
    "tr",
    { class: "board-row", dataset: { symbol: row.symbol, entity: row.entity_id, rank: String(row.rank) }, onclick: open },
    cells,
  );
}

function boardTable(rows, previous) {
  const head = ["rank", "instrument", "buzz", "change", "sentiment", "latest_move", "sources", "trend", "headlines"];
  return h(
    "table",
    { id: "board", class: "board-table" },
    h("thead", {}, h("tr", {}, head.map((key) => h("th", { class: `col-${key}`, scope: "col" }, t(key))))),
    h("tbody", {}, rows.map((row) => boardRow(row, previous))),
  );
}

export function renderBoard(params) {
  const settings = boardSettings(params);
  let paused = sessionStorage.getItem("marketbuzz.paused") === "1";
  let timer = null;
  let controller = null;
  let previousRanks = null; // entity id -> rank at the last refresh, for the ▲/▼ marks

  const status = h("span", { id: "updated", class: "updated", "aria-live": "polite" });
  const pauseButton = h("button", { type: "button", id: "pause", class: "ghost" });
  const asOf = h("p", { class: "as-of", id: "as-of" });
  const notice = h("p", { id: "archive-notice", class: "notice", hidden: true }, t("archive_notice"));
  const body = h("div", { class: "board-body" }, loading());

  const pick = (change) => {
    location.hash = boardHash({ ...settings, ...change });
  };

  function showPaused() {
    pauseButton.textContent = paused ? `▶ ${t("resume")}` : `❚❚ ${t("pause")}`;
    pauseButton.setAttribute("aria-pressed", String(paused));
    status.classList.toggle("is-paused", paused);
  }

  async function load() {
    controller?.abort();
    controller = new AbortController();
    try {
      const board = await getJson("/api/hot", { market: settings.market, window: settings.window, top: 20 }, { signal: controller.signal });
      asOf.textContent = `${t("as_of")} ${formatDateTime(board.as_of)}`;
      notice.hidden = board.as_of_reason !== "latest";
      replaceChildren(body, board.rows.length ? boardTable(board.rows, previousRanks) : h("p", { class: "muted empty" }, t("empty_board")));
      previousRanks = new Map(board.rows.map((row) => [row.entity_id, row.rank]));
      loadedAt = Date.now();
      status.textContent = `${t("updated")} ${formatClock(new Date())}${paused ? ` · ${t("paused")}` : ""}`;
    } catch (error) {
      if (error.name === "AbortError") return;
      // A failed refresh keeps the board on screen (a trader may be reading it) and says so.
      if (body.querySelector("#board")) status.textContent = `${t("error")}: ${error.message}`;
      // A refresh must not wipe a key the reader is typing into the private server's form.
      else if (!(error.status === 401 && body.querySelector("form.key-form"))) replaceChildren(body, errorBox(error, load));
    }
  }

  let loadedAt = 0;
  function schedule() {
    clearInterval(timer);
    timer = paused ? null : setInterval(() => document.hidden || load(), REFRESH_MS);
  }
  // A tab left in the background skips refreshes; coming back brings the board up to date.
  const onVisible = () => {
    if (!document.hidden && !paused && Date.now() - loadedAt >= REFRESH_MS) load();
  };
  document.addEventListener("visibilitychange", onVisible);

  pauseButton.addEventListener("click", () => {
    paused = !paused;
    sessionStorage.setItem("marketbuzz.paused", paused ? "1" : "0");
    showPaused();
    schedule();
    if (!paused) load();
    else status.textContent = `${status.textContent.split(" · ")[0]} · ${t("paused")}`;
  });
  showPaused();

  replaceChildren(
    view,
    h(
      "section",
      { class: "board" },
      h("div", { class: "view-head" }, h("h1", { id: "board-title" }, t("board_title")), asOf),
      h(
        "div",
        { class: "controls" },
        segmented("market", MARKETS, settings.market, (m) => t(`market_${m}`), (market) => pick({ market })),
        segmented("window", WINDOWS, settings.window, (w) => w, (period) => pick({ window: period })),
        h("div", { class: "refresh" }, status, pauseButton, h("button", { type: "button", class: "ghost", id: "refresh", onclick: load, title: t("refresh") }, "↻")),
      ),
      notice,
      body,
    ),
  );
  document.title = `${t("board_title")} · marketbuzz`;
  load();
  schedule();
  return () => {
    clearInterval(timer);
    controller?.abort();
    document.removeEventListener("visibilitychange", onVisible);
  };
}
