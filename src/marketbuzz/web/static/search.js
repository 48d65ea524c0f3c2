// #/search?q= (full text) or ?symbol= (every article naming one), and the header's search box
// with suggestions from /api/lookup.

import { getJson } from "./api.js";
import {
  articleListItem,
  errorBox,
  instrumentHref,
  loadView,
  primaryName,
  secondaryName,
  view,
} from "./common.js";
import { h, replaceChildren } from "./dom.js";
import { t, tMaybe } from "./i18n.js";

const SUGGEST_DELAY_MS = 150;

const PAGE_SIZE = 50;

/** "Load more" under a result list: the next page of the same search, until `total`. */
function moreButton(filters, list, page) {
  let shown = page.items.length;
  const button = h("button", { type: "button", class: "ghost more", id: "more-results" }, t("more"));
  const refresh = () => {
    button.hidden = shown >= page.total;
  };
  button.addEventListener("click", async () => {
    button.disabled = true;
    try {
      const next = await getJson("/api/articles", { ...filters, limit: PAGE_SIZE, offset: shown });
      list.append(...next.items.map(articleListItem));
      shown += next.items.length;
      if (!next.items.length) shown = page.total; // the store shrank meanwhile: stop asking
    } catch (error) {
      button.after(errorBox(error));
    } finally {
      button.disabled = false;
      refresh();
    }
  });
  refresh();
  return button;
}

/** #/search?q=words (full text) or #/search?symbol=0700.HK (every article naming it). */
export async function renderSearch(params) {
  const query = params.get("q") || "";
  const symbol = params.get("symbol") || "";
  const filters = symbol ? { symbol } : { q: query };
  searchInput.value = query;
  const loaded = await loadView(
    () =>
      Promise.all([
        query ? getJson("/api/lookup", { q: query, limit: 8 }).catch(() => []) : [],
        getJson("/api/articles", { ...filters, limit: PAGE_SIZE }),
      ]),
    () => renderSearch(params),
  );
  if (!loaded) return;
  const [instruments, page] = loaded;
  const list = h("ul", { class: "article-list" }, page.items.map(articleListItem));
  replaceChildren(
    view,
    h(
      "section",
      { class: "search-page" },
      h(
        "div",
        { class: "view-head" },
        h("h1", {}, symbol ? t("articles") : t("search_results"), h("span", { class: "query" }, ` “${symbol || query}”`)),
        h("p", { class: "muted", id: "result-count" }, t("results_count", { n: page.total })),
      ),
      instruments.length
        ? h(
            "div",
            { class: "panel" },
            h("h2", {}, t("matching_instruments")),
            h("div", { class: "chips" }, instruments.map((item) => h("a", { class: "chip big", href: instrumentHref(item.symbol) }, `${item.symbol} · ${primaryName(item)}`))),
          )
        : null,
      h("div", { class: "panel" }, page.items.length ? list : h("p", { class: "muted" }, t("no_results")), moreButton(filters, list, page)),
    ),
  );
  document.title = `${symbol || query} · marketbuzz`;
}

// ---------------------------------------------------------------- the search box

const searchInput = document.getElementById("search");
const suggestionList = document.getElementById("suggestions");
let suggestions = [];
let highlighted = -1;
let suggestTimer = null;
let suggestController = null;

export function closeSuggestions() {
  suggestions = [];
  highlighted = -1;
  suggestionList.hidden = true;
  suggestionList.replaceChildren();
  searchInput.setAttribute("aria-expanded", "false");
}

function goToSuggestion(item) {
  closeSuggestions();
  searchInput.value = "";
  searchInput.blur();
  location.hash = instrumentHref(item.symbol);
}

function drawSuggestions() {
  replaceChildren(
    suggestionList,
    suggestions.map((item, index) =>
      h(
        "li",
        {
          class: `suggestion${index === highlighted ? " active" : ""}`,
          role: "option",
          id: `suggestion-${index}`,
          "aria-selected": String(index === highlighted),
          dataset: { symbol: item.symbol },
          onmousedown: (event) => {
            event.preventDefault(); // keep focus so the click lands
            goToSuggestion(item);
          },
        },
        h("span", { class: "symbol" }, item.symbol),
        h("span", { class: "name" }, primaryName(item)),
        secondaryName(item) ? h("span", { class: "name-2" }, secondaryName(item)) : null,
        h("span", { class: "kind" }, tMaybe(`kind_${item.kind}`, item.kind ?? "")),
      ),
    ),
    h("li", { class: "suggestion-hint", role: "presentation" }, t("search_hint")),
  );
  suggestionList.hidden = false;
  searchInput.setAttribute("aria-expanded", "true");
  searchInput.setAttribute("aria-activedescendant", highlighted >= 0 ? `suggestion-${highlighted}` : "");
}

async function suggest(query) {
  suggestController?.abort();
  suggestController = new AbortController();
  try {
    const found = await getJson("/api/lookup", { q: query, limit: 8 }, { signal: suggestController.signal });
    if (searchInput.value.trim() !== query) return;
    suggestions = found;
    highlighted = -1;
    if (suggestions.length) drawSuggestions();
    else closeSuggestions();
  } catch {
    // suggestions are a convenience: Enter still runs the full-text search
  }
}

searchInput.addEventListener("input", () => {
  clearTimeout(suggestTimer);
  const query = searchInput.value.trim();
  if (!query) return closeSuggestions();
  suggestTimer = setTimeout(() => suggest(query), SUGGEST_DELAY_MS);
});

searchInput.addEventListener("keydown", (event) => {
  if (event.key === "ArrowDown" || event.key === "ArrowUp") {
    if (!suggestions.length) return;
    event.preventDefault();
    const step = event.key === "ArrowDown" ? 1 : -1;
    highlighted = (highlighted + step + suggestions.length + 1) % (suggestions.length + 1);
    if (highlighted === suggestions.length) highlighted = -1;
    drawSuggestions();
  } else if (event.key === "Escape") {
    closeSuggestions();
  } else if (event.key === "Enter") {
    event.preventDefault();
    const query = searchInput.value.trim();
    if (highlighted >= 0 && suggestions[highlighted]) return goToSuggestion(suggestions[highlighted]);
    if (!query) return;
    closeSuggestions();
    location.hash = `#/search?q=${encodeURIComponent(query)}`;
  }
});

searchInput.addEventListener("blur", () => setTimeout(closeSuggestions, 100));

// "/" jumps to the search box from anywhere but a text field, as on many trading screens.
document.addEventListener("keydown", (event) => {
  const typing = event.target.closest?.("input, textarea, select, [contenteditable]");
  if (event.key === "/" && !typing && !event.ctrlKey && !event.metaKey && !event.altKey) {
    event.preventDefault();
    searchInput.focus();
  }
});
