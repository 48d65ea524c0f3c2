// marketbuzz web page: the hash router over the views (board, article, instrument, search),
// the language switcher and the alerts in the header.

import { redrawAlerts, startAlerts } from "./alerts.js";
import { renderArticle } from "./article.js";
import { renderBoard } from "./board.js";
import { navigation, view } from "./common.js";
import { h, replaceChildren } from "./dom.js";
import { chooseLanguage, LANGS, language, setLanguage, t } from "./i18n.js";
import { renderInstrument } from "./instrument.js";
import { closeSuggestions, renderSearch } from "./search.js";

const LANG_BUTTON_LABELS = { "zh-Hant": "繁", "zh-Hans": "简", en: "EN" };
let leaveView = () => {}; // cleanup of the current view (timers, listeners)

function drawLanguageSwitcher() {
  const switcher = document.getElementById("lang-switch");
  replaceChildren(
    switcher,
    LANGS.map((lang) =>
      h(
        "button",
        {
          type: "button",
          class: lang === language() ? "active" : null,
          "aria-pressed": String(lang === language()),
          lang,
          dataset: { lang },
          onclick: () => switchLanguage(lang),
        },
        LANG_BUTTON_LABELS[lang],
      ),
    ),
  );
}

function applyStaticLabels() {
  document.body.classList.toggle("red-up", language() === "zh-Hans"); // mainland convention: red rises
  for (const element of document.querySelectorAll("[data-i18n]")) element.textContent = t(element.dataset.i18n);
  for (const element of document.querySelectorAll("[data-i18n-placeholder]")) element.placeholder = t(element.dataset.i18nPlaceholder);
  for (const element of document.querySelectorAll("[data-i18n-label]")) element.setAttribute("aria-label", t(element.dataset.i18nLabel));
  drawLanguageSwitcher();
  redrawAlerts();
}

function switchLanguage(lang) {
  setLanguage(lang, { persist: true });
  const url = new URL(location.href);
  url.searchParams.set("lang", language());
  history.replaceState(null, "", url);
  applyStaticLabels();
  route();
}

function decodePart(part) {
  try {
    return decodeURIComponent(part);
  } catch {
    return part; // a malformed %-escape typed by hand: use it as it is
  }
}

function parseHash() {
  const raw = location.hash.replace(/^#/, "") || "/";
  const [path, query = ""] = raw.split("?");
  return { parts: path.split("/").filter(Boolean).map(decodePart), params: new URLSearchParams(query) };
}

async function route() {
  leaveView();
  leaveView = () => {};
  navigation.token += 1;
  closeSuggestions();
  const { parts, params } = parseHash();
  const [page, argument] = parts;
  document.body.dataset.view = page ?? "board";
  window.scrollTo(0, 0);
  if (!page) {
    leaveView = renderBoard(params);
  } else if ((page === "article" || page === "instrument") && argument) {
    const token = navigation.token;
    const dispose = await (page === "article" ? renderArticle(argument) : renderInstrument(argument, params));
    if (token === navigation.token) leaveView = dispose;
    else dispose(); // the reader has moved on while the page loaded
  } else if (page === "search") {
    await renderSearch(params);
  } else {
    replaceChildren(view, h("p", { class: "muted" }, t("not_found"), " ", h("a", { href: "#/" }, t("back_to_board"))));
  }
}

setLanguage(chooseLanguage());
applyStaticLabels();
window.addEventListener("hashchange", route);
route();
startAlerts();
