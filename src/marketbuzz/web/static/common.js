// What the views share: the view element, navigation, names, badges, article lists.
// Every string from the API reaches the page as a text node (dom.js); nothing uses innerHTML.

import { setApiKey } from "./api.js";
import { formatDateTime, formatNumber, formatSigned, h, replaceChildren, safeExternalUrl } from "./dom.js";
import { chineseName, language, t } from "./i18n.js";

export const view = document.getElementById("view");
// A newer navigation makes older responses stale: views compare the token they started with.
export const navigation = { token: 0 };

export function primaryName(item) {
  const zh = chineseName(item.name_zh);
  return language() === "en" || !zh ? item.name : zh;
}

export function secondaryName(item) {
  const zh = chineseName(item.name_zh);
  if (!zh || zh === item.name) return null;
  return language() === "en" ? zh : item.name;
}

export function instrumentHref(symbol) {
  return `#/instrument/${encodeURIComponent(symbol)}`;
}

export function articleHref(id) {
  return `#/article/${encodeURIComponent(id)}`;
}

export function sentimentClass(value) {
  const number = Number(value) || 0;
  if (number > 0.15) return "pos";
  if (number < -0.15) return "neg";
  return "neu";
}

export function sentimentBadge(value) {
  const kind = sentimentClass(value);
  const word = { pos: t("positive"), neg: t("negative"), neu: t("neutral") }[kind];
  return h("span", { class: `sentiment ${kind}`, title: `${t("sentiment")}: ${word}` }, formatSigned(value, 2));
}

export function moveArrow(direction) {
  return direction === "up" ? "▲" : direction === "down" ? "▼" : "■";
}

export function moveValue(move) {
  if (move.value === null || move.value === undefined) return t(move.direction) ?? "";
  const suffix = { "%": "%", bp: "bp" }[move.unit] ?? ""; // points and prices stand alone
  return `${formatNumber(Math.abs(move.value), move.unit === "%" ? 1 : 2)}${suffix}`;
}

export function moveBadge(move, { withTitle = true } = {}) {
  const direction = move.direction === "up" || move.direction === "down" ? move.direction : "flat";
  return h(
    "span",
    { class: `move ${direction}`, title: withTitle ? move.text : null },
    `${moveArrow(direction)} ${moveValue(move)}`,
  );
}

export function loading() {
  return h("p", { class: "loading" }, t("loading"));
}

/**
 * Fetch a view's data behind a "loading" line. Returns the data; or null when the fetch failed
 * (an error box with a retry button then fills the view) or when the reader navigated elsewhere
 * meanwhile (the answer is stale and the newer view owns the page).
 */
export async function loadView(fetchData, retry) {
  const token = navigation.token;
  replaceChildren(view, loading());
  try {
    const data = await fetchData();
    return token === navigation.token ? data : null;
  } catch (error) {
    if (token === navigation.token) replaceChildren(view, errorBox(error, retry));
    return null;
  }
}

export function errorBox(error, retry) {
  if (error.status === 401 && retry) return keyForm(error, retry);
  return h(
    "div",
    { class: "error", role: "alert" },
    h("strong", {}, `${t("error")}:`),
    h("span", {}, error.message),
    retry ? h("button", { type: "button", class: "ghost", onclick: retry }, t("retry")) : null,
  );
}

/** A private server refused the read: ask for a key, remember it, and try again. */
function keyForm(error, retry) {
  const input = h("input", {
    type: "password",
    name: "api-key",
    autocomplete: "off",
    required: true,
    // Keys are printable ASCII; anything else could not travel in a header, and the browser
    // refuses to submit it (the reader sees why) rather than every later read failing.
    pattern: "[!-~]+",
    title: t("api_key"),
    placeholder: t("api_key"),
    "aria-label": t("api_key"),
  });
  const submit = (event) => {
    event.preventDefault();
    const key = input.value.trim();
    if (!key) return;
    setApiKey(key);
    form.replaceWith(loading()); // the answer draws a fresh form if this key is refused too
    retry();
  };
  const form = h(
    "form",
    { class: "error key-form", role: "alert", onsubmit: submit },
    h("strong", {}, t("private_server")),
    h("span", {}, error.message),
    input,
    h("button", { type: "submit" }, t("use_key")),
  );
  return form;
}

export function instrumentChips(instruments) {
  return h(
    "span",
    { class: "chips" },
    (instruments || []).slice(0, 4).map((item) =>
      h(
        "a",
        { class: `chip ${sentimentClass(item.sentiment)}`, href: instrumentHref(item.symbol), title: primaryName(item) },
        item.symbol,
      ),
    ),
  );
}

export function articleListItem(item) {
  const external = safeExternalUrl(item.url);
  return h(
    "li",
    { class: "article-item", dataset: { id: String(item.id) } },
    h("a", { class: "article-link", href: articleHref(item.id) }, item.title || `#${item.id}`),
    h(
      "div",
      { class: "article-meta" },
      item.source ? h("span", { class: "source" }, item.source) : null,
      h("time", { datetime: item.at ?? "" }, formatDateTime(item.at)),
      item.repeat_of ? h("span", { class: "tag" }, t("repeat")) : null,
      instrumentChips(item.instruments),
      external ? h("a", { class: "external", href: external, target: "_blank", rel: "noopener noreferrer" }, "↗") : null,
    ),
  );
}

export function articleList(items) {
  if (!items?.length) return h("p", { class: "muted" }, t("no_results"));
  return h("ul", { class: "article-list" }, items.map(articleListItem));
}

export function segmented(name, options, selected, label, onPick) {
  return h(
    "div",
    { class: "segmented", role: "group", "aria-label": t(name) },
    options.map((option) =>
      h(
        "button",
        {
          type: "button",
          class: option === selected ? "active" : null,
          "aria-pressed": String(option === selected),
          dataset: { [name]: option },
          onclick: () => onPick(option),
        },
        label(option),
      ),
    ),
  );
}
