// Safe element building: every string becomes a text node, never markup.
// Nothing in the app assigns innerHTML, so titles and article text from the web cannot inject.

import { language } from "./i18n.js";

const SVG_NS = "http://www.w3.org/2000/svg";

function append(parent, children) {
  for (const child of children.flat(Infinity)) {
    if (child === null || child === undefined || child === false) continue;
    parent.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
}

function applyAttributes(element, attributes) {
  for (const [name, value] of Object.entries(attributes || {})) {
    if (value === null || value === undefined || value === false) continue;
    if (name.startsWith("on")) {
      // Handlers are functions from this code; an "on…" attribute string is never set.
      if (typeof value === "function") element.addEventListener(name.slice(2), value);
    } else if (name === "dataset") {
      Object.assign(element.dataset, value);
    } else {
      element.setAttribute(name, value === true ? "" : String(value));
    }
  }
}

/** An HTML element: h("a", {href: "#/"}, "text", child, [more]) */
export function h(tag, attributes, ...children) {
  const element = document.createElement(tag);
  applyAttributes(element, attributes);
  append(element, children);
  return element;
}

/** An SVG element, same calling convention as h. */
export function svg(tag, attributes, ...children) {
  const element = document.createElementNS(SVG_NS, tag);
  applyAttributes(element, attributes);
  append(element, children);
  return element;
}

export function replaceChildren(parent, ...children) {
  parent.replaceChildren();
  append(parent, children);
}

/** Only http(s) links from the API become hrefs (a "javascript:" URL must never be clickable). */
export function safeExternalUrl(value) {
  try {
    const url = new URL(String(value), location.href);
    return url.protocol === "http:" || url.protocol === "https:" ? url.href : null;
  } catch {
    return null;
  }
}

function intlLocale() {
  const lang = language();
  return lang === "zh-Hant" ? "zh-HK" : lang === "zh-Hans" ? "zh-CN" : "en-GB";
}

/** Epoch seconds or ISO text -> Date (null when absent or unreadable). */
export function toDate(value) {
  if (value === null || value === undefined || value === "") return null;
  const date = typeof value === "number" ? new Date(value * 1000) : new Date(value);
  return Number.isNaN(date.getTime()) ? null : date;
}

const DATE_TIME = { year: "numeric", month: "2-digit", day: "2-digit", hour: "2-digit", minute: "2-digit", hour12: false };
const SHORT_DATE_TIME = { month: "2-digit", day: "2-digit", hour: "2-digit", minute: "2-digit", hour12: false };

function formatWith(value, options) {
  const date = toDate(value);
  if (!date) return "";
  return new Intl.DateTimeFormat(intlLocale(), options).format(date);
}

export function formatDateTime(value) {
  return formatWith(value, DATE_TIME);
}

export function formatShortDate(value) {
  return formatWith(value, SHORT_DATE_TIME);
}

export function formatClock(date) {
  const pad = (n) => String(n).padStart(2, "0");
  return `${pad(date.getHours())}:${pad(date.getMinutes())}:${pad(date.getSeconds())}`;
}

export function formatNumber(value, digits = 2) {
  if (value === null || value === undefined || !Number.isFinite(Number(value))) return "–";
  return new Intl.NumberFormat(intlLocale(), {
    minimumFractionDigits: digits,
    maximumFractionDigits: digits,
  }).format(Number(value));
}

export function formatSigned(value, digits = 2) {
  if (value === null || value === undefined) return "–";
  const number = Number(value);
  return (number > 0 ? "+" : "") + formatNumber(number, digits);
}
