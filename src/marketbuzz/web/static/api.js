// Reading the REST API (docs/API.md). Errors carry the server's message, meant for people.

export class ApiError extends Error {
  constructor(message, status) {
    super(message);
    this.status = status;
  }
}

// A private server (`serve --private`) wants a key on every read. The reader types it once
// (the page asks on the first 401); it stays in this browser's local storage.
const KEY_STORAGE = "marketbuzz.apiKey";
const KEY_EVENT = "marketbuzz:api-key";
let sessionKey = ""; // where local storage is disabled, the key lasts as long as the page

function storedKey() {
  try {
    return localStorage.getItem(KEY_STORAGE) || "";
  } catch {
    return "";
  }
}

/** Remember (or with "" forget) the key, and tell whoever listens (the alert stream). */
export function setApiKey(key) {
  sessionKey = key;
  try {
    if (key) localStorage.setItem(KEY_STORAGE, key);
    else localStorage.removeItem(KEY_STORAGE);
  } catch {
    // storage disabled: sessionKey serves
  }
  window.dispatchEvent(new Event(KEY_EVENT));
}

export function onApiKeyChange(listener) {
  window.addEventListener(KEY_EVENT, listener);
}

const PRINTABLE_ASCII = /^[!-~]+$/;

/** Headers that carry the key, if the reader gave one (a key no header can carry is left out,
 * so the server's 401 asks for a good one instead of every read failing in the browser). */
export function authHeaders() {
  const key = sessionKey || storedKey();
  return PRINTABLE_ASCII.test(key) ? { Authorization: `Bearer ${key}` } : {};
}

/** GET a JSON endpoint; `params` with null/undefined/"" values are left out. */
export async function getJson(path, params = {}, { signal } = {}) {
  const query = new URLSearchParams();
  for (const [name, value] of Object.entries(params)) {
    if (value !== null && value !== undefined && value !== "") query.set(name, String(value));
  }
  const url = query.size ? `${path}?${query}` : path;
  let response;
  try {
    response = await fetch(url, { headers: { Accept: "application/json", ...authHeaders() }, signal });
  } catch (error) {
    if (error.name === "AbortError") throw error;
    throw new ApiError("The server cannot be reached. Is `marketbuzz serve` running?", 0);
  }
  const body = await response.json().catch(() => null);
  if (!response.ok) {
    const message = body?.error?.message ?? `${response.status} ${response.statusText}`;
    throw new ApiError(message, response.status);
  }
  return body;
}
