// Alerts in the header: the latest fired alerts, and new ones live from the server-sent stream
// (GET /api/alerts/stream). A new alert bumps the unread badge and shows a toast for a while.
// The stream is read with fetch rather than EventSource, which cannot send the API key a
// private server wants; it reconnects by itself, waiting longer after each failure.

import { authHeaders, getJson, onApiKeyChange } from "./api.js";
import { articleHref, instrumentHref } from "./common.js";
import { formatShortDate, h, replaceChildren } from "./dom.js";
import { t } from "./i18n.js";

const RECENT = 20;
const TOAST_MS = 8000;
const MAX_TOASTS = 3;
const RECONNECT_FIRST_MS = 1000;
const RECONNECT_MAX_MS = 30000;

const button = document.getElementById("alerts-button");
const badge = document.getElementById("alerts-count");
const panel = document.getElementById("alerts-panel");
const list = document.getElementById("alerts-list");
const toasts = document.getElementById("toasts");

let alerts = [];
let unread = 0;

function alertItem(alert) {
  return h(
    "li",
    { class: "alert-item", dataset: { id: String(alert.id), rule: alert.rule ?? "" } },
    h(
      "div",
      { class: "item-head" },
      h("time", { datetime: alert.time ?? "" }, formatShortDate(alert.at)),
      alert.symbol ? h("a", { class: "chip", href: instrumentHref(alert.symbol) }, alert.symbol) : null,
    ),
    alert.article_id
      ? h("a", { class: "alert-message", href: articleHref(alert.article_id) }, alert.message)
      : h("span", { class: "alert-message" }, alert.message),
  );
}

function draw() {
  replaceChildren(list, alerts.length ? alerts.map(alertItem) : h("li", { class: "muted" }, t("no_alerts")));
  badge.textContent = unread > 99 ? "99+" : String(unread);
  badge.hidden = unread === 0;
}

function toast(alert) {
  const item = h("div", { class: "toast", role: "status" }, h("strong", {}, alert.symbol ?? t("alerts")), " ", alert.message);
  toasts.append(item);
  // A burst of alerts (a busy feed) shows its newest few; the panel holds them all.
  while (toasts.children.length > MAX_TOASTS) toasts.firstElementChild.remove();
  setTimeout(() => item.remove(), TOAST_MS);
}

function receive(event) {
  let alert;
  try {
    alert = JSON.parse(event.data);
  } catch {
    return; // a malformed event is skipped; the next one still counts
  }
  if (alerts.some((known) => known.id === alert.id)) return;
  alerts = [alert, ...alerts].slice(0, RECENT);
  if (panel.hidden) unread += 1;
  draw();
  toast(alert);
}

/** One server-sent event's fields ("event", "data"); comment lines (": keep-alive") skipped. */
function parseEvent(frame) {
  const fields = { event: "message", data: "" };
  for (const line of frame.split(/\r?\n/)) {
    if (!line || line.startsWith(":")) continue;
    const colon = line.indexOf(":");
    const name = colon < 0 ? line : line.slice(0, colon);
    const value = colon < 0 ? "" : line.slice(colon + 1).replace(/^ /, "");
    if (name === "event") fields.event = value;
    else if (name === "data") fields.data = fields.data ? `${fields.data}\n${value}` : value;
  }
  return fields;
}

/** Read events until the server or the network ends the stream. */
async function readEvents(body) {
  const reader = body.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = "";
  for (;;) {
    const { value, done } = await reader.read();
    if (done) return;
    buffer += value;
    let boundary = buffer.search(/\r?\n\r?\n/);
    while (boundary >= 0) {
      const event = parseEvent(buffer.slice(0, boundary));
      buffer = buffer.slice(boundary).replace(/^\r?\n\r?\n/, "");
      if (event.event === "alert" && event.data) receive(event);
      boundary = buffer.search(/\r?\n\r?\n/);
    }
  }
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
let streamController = null;

async function listen() {
  streamController?.abort();
  const controller = new AbortController();
  streamController = controller;
  let wait = RECONNECT_FIRST_MS;
  while (!controller.signal.aborted) {
    try {
      const response = await fetch("/api/alerts/stream", {
        headers: { Accept: "text/event-stream", ...authHeaders() },
        signal: controller.signal,
      });
      if (response.status === 401) {
        button.dataset.live = "locked"; // a private server: listen again once a key is given
        return;
      }
      if (response.ok && response.body) {
        button.dataset.live = "open";
        wait = RECONNECT_FIRST_MS;
        await readEvents(response.body);
      }
    } catch {
      if (controller.signal.aborted) return;
    }
    button.dataset.live = "retrying";
    await sleep(wait);
    wait = Math.min(wait * 2, RECONNECT_MAX_MS);
  }
}

async function loadRecent() {
  try {
    const recent = await getJson("/api/alerts", { limit: RECENT });
    const known = new Set(alerts.map((alert) => alert.id));
    alerts = [...alerts, ...recent.filter((alert) => !known.has(alert.id))].slice(0, RECENT);
  } catch {
    // alerts are an extra: the page works without them (e.g. a private server without a key)
  }
  draw();
}

function toggle(open = panel.hidden) {
  panel.hidden = !open;
  button.setAttribute("aria-expanded", String(open));
  if (open) unread = 0;
  draw();
}

/** Start once: the recent alerts, then the live stream. Labels are redrawn by `redrawAlerts`. */
export async function startAlerts() {
  button.addEventListener("click", (event) => {
    event.stopPropagation();
    toggle();
  });
  document.addEventListener("click", (event) => {
    if (!panel.hidden && !panel.contains(event.target)) toggle(false);
  });
  document.addEventListener("keydown", (event) => event.key === "Escape" && !panel.hidden && toggle(false));
  onApiKeyChange(() => {
    listen();
    loadRecent();
  });
  listen();
  await loadRecent();
}

export function redrawAlerts() {
  draw();
}
