// #/article/{id}: the text with every linked mention highlighted (a popover explains each),
// and beside it the moves, events, claims and themes, each able to light up its passage.

import { getJson } from "./api.js";
import {
  articleHref,
  instrumentHref,
  loadView,
  moveBadge,
  primaryName,
  secondaryName,
  sentimentBadge,
  sentimentClass,
  view,
} from "./common.js";
import { formatDateTime, formatNumber, formatShortDate, h, replaceChildren, safeExternalUrl } from "./dom.js";
import { t, tMaybe } from "./i18n.js";

/** Non-overlapping mention spans (code-point offsets), first-come wins, in text order. */
function mentionSpans(analysis) {
  const spans = [];
  for (const instrument of analysis.instruments || []) {
    for (const mention of instrument.mentions || []) {
      spans.push({ start: mention.start, end: mention.end, instrument });
    }
  }
  spans.sort((a, b) => a.start - b.start || b.end - a.end);
  const kept = [];
  let reached = -1;
  for (const span of spans) {
    if (span.start >= reached && span.end > span.start) {
      kept.push(span);
      reached = span.end;
    }
  }
  return kept;
}

/**
 * Text nodes and <mark>s for characters [from, to) of `chars` (the text split into code points,
 * because the analysis offsets count code points, not UTF-16 units). Every text node made is
 * recorded in `passages` so a passage (a move, an event) can be located again by its offsets.
 */
function highlightedText(chars, from, to, spans, onMark, passages) {
  const nodes = [];
  const textNode = (start, end) => {
    const node = document.createTextNode(chars.slice(start, end).join(""));
    passages.record(node, start, end);
    return node;
  };
  let cursor = from;
  for (const span of spans) {
    const start = Math.max(span.start, from);
    const end = Math.min(span.end, to);
    if (end <= start) continue;
    if (start > cursor) nodes.push(textNode(cursor, start));
    const mark = h(
      "mark",
      {
        class: `mention ${sentimentClass(span.instrument.sentiment)}`,
        tabindex: "0",
        dataset: { entity: span.instrument.id, symbol: span.instrument.symbols?.[0] ?? span.instrument.id, start: String(span.start), end: String(span.end) },
      },
      textNode(start, end),
    );
    onMark(mark, span.instrument);
    nodes.push(mark);
    cursor = end;
  }
  if (cursor < to) nodes.push(textNode(cursor, to));
  return nodes;
}

/**
 * Where each code-point offset of the article text sits in the page, so a side item (a move,
 * an event, a claim) can light up its passage with the CSS Custom Highlight API: no DOM change,
 * so the mention <mark>s stay as they are.
 */
function passageIndex(chars) {
  const pieces = [];
  const supported = typeof CSS !== "undefined" && "highlights" in CSS && typeof Highlight === "function";

  function locate(offset, preferEnd) {
    for (const piece of pieces) {
      const inside = preferEnd ? offset > piece.start && offset <= piece.end : offset >= piece.start && offset < piece.end;
      if (inside) return [piece.node, chars.slice(piece.start, offset).join("").length];
    }
    return null;
  }

  function rangeFor(start, end) {
    const from = locate(start, false);
    const to = locate(end, true);
    if (!from || !to) return null;
    const range = document.createRange();
    range.setStart(...from);
    range.setEnd(...to);
    return range;
  }

  return {
    record(node, start, end) {
      pieces.push({ node, start, end });
    },
    show(start, end, { scroll = false } = {}) {
      const range = rangeFor(start, end);
      if (!range) return;
      if (supported) CSS.highlights.set("passage", new Highlight(range));
      if (scroll) range.startContainer.parentElement?.scrollIntoView({ block: "center", behavior: "smooth" });
    },
    clear() {
      if (supported) CSS.highlights.delete("passage");
    },
  };
}

/** Hovering, focusing or clicking a side item shows where the article says it. */
function linkToPassage(item, source, passages) {
  if (!Number.isInteger(source.start) || !Number.isInteger(source.end) || source.end <= source.start) return item;
  item.classList.add("has-passage");
  item.tabIndex = 0;
  item.dataset.start = String(source.start);
  item.dataset.end = String(source.end);
  item.addEventListener("mouseenter", () => passages.show(source.start, source.end));
  item.addEventListener("focus", () => passages.show(source.start, source.end));
  item.addEventListener("mouseleave", () => passages.clear());
  item.addEventListener("blur", () => passages.clear());
  item.addEventListener("click", (event) => {
    if (event.target.closest("a")) return;
    passages.show(source.start, source.end, { scroll: true });
  });
  return item;
}

function textLang(analysis) {
  return ["zh-Hant", "zh-Hans", "en"].includes(analysis.language) ? analysis.language : null;
}

function popoverContent(instrument, moves) {
  const symbol = instrument.symbols?.[0] ?? instrument.id;
  const own = moves.filter((move) => move.entity_id === instrument.id);
  return [
    h("div", { class: "pop-head" }, h("a", { class: "symbol", href: instrumentHref(symbol) }, symbol), h("span", { class: "name" }, primaryName(instrument))),
    secondaryName(instrument) ? h("div", { class: "muted" }, secondaryName(instrument)) : null,
    h(
      "dl",
      { class: "pop-facts" },
      h("dt", {}, t("relevance")),
      h("dd", {}, `${formatNumber((instrument.relevance ?? 0) * 100, 0)}%`),
      h("dt", {}, t("sentiment")),
      h("dd", {}, sentimentBadge(instrument.sentiment)),
    ),
    own.length
      ? h("ul", { class: "pop-moves" }, own.map((move) => h("li", {}, moveBadge(move), " ", h("span", { class: "muted" }, move.text))))
      : null,
  ];
}

function createPopover() {
  const box = h("div", { id: "popover", class: "popover", role: "dialog", hidden: true });
  let pinned = null;
  let hideTimer = null;

  function show(mark, content) {
    clearTimeout(hideTimer);
    replaceChildren(box, content);
    box.hidden = false;
    const rect = mark.getBoundingClientRect();
    const width = Math.min(320, window.innerWidth - 16);
    box.style.width = `${width}px`;
    const left = Math.max(8, Math.min(rect.left + window.scrollX, window.scrollX + window.innerWidth - width - 8));
    box.style.left = `${left}px`;
    box.style.top = `${rect.bottom + window.scrollY + 6}px`;
  }

  function hide() {
    box.hidden = true;
    pinned?.classList.remove("pinned");
    pinned = null;
  }

  function attach(mark, content) {
    mark.addEventListener("mouseenter", () => pinned || show(mark, content()));
    mark.addEventListener("mouseleave", () => {
      if (!pinned) hideTimer = setTimeout(hide, 250);
    });
    mark.addEventListener("focus", () => pinned || show(mark, content()));
    mark.addEventListener("click", (event) => {
      event.stopPropagation();
      if (pinned === mark) return hide();
      pinned?.classList.remove("pinned");
      pinned = mark;
      mark.classList.add("pinned");
      show(mark, content());
    });
    mark.addEventListener("keydown", (event) => {
      if (event.key === "Enter" || event.key === " ") {
        event.preventDefault();
        mark.click();
      }
    });
  }

  box.addEventListener("mouseenter", () => clearTimeout(hideTimer));
  box.addEventListener("mouseleave", () => pinned || (hideTimer = setTimeout(hide, 250)));
  const onDocumentClick = (event) => box.contains(event.target) || hide();
  const onKey = (event) => event.key === "Escape" && hide();
  document.addEventListener("click", onDocumentClick);
  document.addEventListener("keydown", onKey);
  const dispose = () => {
    document.removeEventListener("click", onDocumentClick);
    document.removeEventListener("keydown", onKey);
    box.remove();
  };
  return { box, attach, dispose };
}

function sideSection(key, items, render) {
  return h(
    "section",
    { class: `side-section side-${key}` },
    h("h2", {}, t(key), h("span", { class: "count" }, String(items.length))),
    items.length ? h("ul", { class: "side-list" }, items.map(render)) : h("p", { class: "muted" }, t("none")),
  );
}

function moveItem(move) {
  return h(
    "li",
    {},
    h("div", { class: "item-head" }, moveBadge(move), h("a", { class: "chip", href: instrumentHref(move.symbol) }, move.symbol)),
    h("div", { class: "quote" }, move.text),
  );
}

function eventItem(event) {
  const polarity = Number(event.polarity) || 0;
  return h(
    "li",
    {},
    h(
      "div",
      { class: "item-head" },
      h("span", { class: `tag ${sentimentClass(polarity)}` }, tMaybe(`ev_${event.type}`, event.type)),
      (event.subjects || []).map((id) => h("a", { class: "chip", href: instrumentHref(id) }, id)),
    ),
    h("div", { class: "quote" }, event.text),
  );
}

function claimItem(claim) {
  return h(
    "li",
    {},
    h("div", { class: "item-head" }, claim.claimant ? h("span", { class: "tag" }, claim.claimant) : null, h("strong", {}, claim.quantity ?? "")),
    h("div", { class: "quote" }, claim.text),
  );
}

function themeItem(theme) {
  return h("li", { class: "theme" }, h("span", { class: "tag" }, tMaybe(`th_${theme.name}`, theme.name)), h("span", { class: "muted" }, formatNumber(theme.score, 2)));
}

function storyLinks(article) {
  const links = [];
  const external = safeExternalUrl(article.url);
  if (external) links.push(h("a", { class: "button-link", href: external, target: "_blank", rel: "noopener noreferrer" }, `${t("open_source")} ↗`));
  if (article.original) {
    links.push(h("p", { class: "repeat-note" }, t("repeat_of"), " ", h("a", { class: "original-link", href: articleHref(article.original.id) }, article.original.title)));
  }
  if (article.repeats?.length) {
    links.push(
      h(
        "div",
        { class: "repeats" },
        h("span", { class: "muted" }, `${t("repeats")}: `),
        article.repeats.map((item) => h("a", { class: "repeat-link", href: articleHref(item.id) }, `${item.source ?? item.title} (${formatShortDate(item.at)})`)),
      ),
    );
  }
  return links;
}

export async function renderArticle(id) {
  const article = await loadView(
    () => getJson(`/api/articles/${encodeURIComponent(id)}`),
    () => renderArticle(id),
  );
  if (!article) return () => {};
  const analysis = article.analysis || {};
  const chars = Array.from(analysis.text || "");
  const spans = mentionSpans(analysis);
  const popover = createPopover();
  const moves = analysis.moves || [];
  const attach = (mark, instrument) => popover.attach(mark, () => popoverContent(instrument, moves));
  const passages = passageIndex(chars);
  const titleEnd = Math.max(0, Math.min(chars.length, (analysis.body_offset ?? 0) - 2));
  const bodyStart = Math.min(chars.length, analysis.body_offset ?? 0);
  const lang = textLang(analysis);

  replaceChildren(
    view,
    h(
      "div",
      { class: "article-page" },
      h(
        "article",
        { class: "article-main" },
        h(
          "div",
          { class: "article-meta" },
          article.source ? h("span", { class: "source" }, article.source) : null,
          h("time", { datetime: article.at ?? "" }, formatDateTime(article.at)),
          h("span", { class: "tag" }, tMaybe(`lang_${analysis.language ?? article.language}`, analysis.language ?? article.language ?? "")),
        ),
        titleEnd > 0
          ? h("h1", { class: "article-title", lang }, highlightedText(chars, 0, titleEnd, spans, attach, passages))
          : h("h1", { class: "article-title", lang }, article.title),
        h("div", { class: "article-text", id: "article-text", lang }, highlightedText(chars, bodyStart, chars.length, spans, attach, passages)),
        h("div", { class: "story-links" }, storyLinks(article)),
      ),
      h(
        "aside",
        { class: "article-side" },
        sideSection("instruments_in_story", analysis.instruments || [], (item) =>
          h(
            "li",
            { class: "story-instrument" },
            h("a", { class: "symbol", href: instrumentHref(item.symbols?.[0] ?? item.id) }, item.symbols?.[0] ?? item.id),
            h("span", { class: "name" }, primaryName(item)),
            h("span", { class: "muted" }, `${formatNumber((item.relevance ?? 0) * 100, 0)}%`),
            sentimentBadge(item.sentiment),
          ),
        ),
        sideSection("moves", moves, (move) => linkToPassage(moveItem(move), move, passages)),
        sideSection("events", analysis.events || [], (event) => linkToPassage(eventItem(event), event, passages)),
        sideSection("claims", analysis.claims || [], (claim) => linkToPassage(claimItem(claim), claim, passages)),
        sideSection("themes", analysis.themes || [], themeItem),
      ),
    ),
  );
  document.body.append(popover.box);
  document.title = `${article.title} · marketbuzz`;
  return () => {
    popover.dispose();
    passages.clear();
  };
}
