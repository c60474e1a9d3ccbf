// --pre-js for node programs that use emscripten_fetch: node has no
// XMLHttpRequest. https: URLs go over HTTP/2 (H2XMLHttpRequest, from the
// h2_xhr.js pre-js before this one: cmake's coflags_node_xhr); everything else
// over HTTP/1.1 with xhr2 (resolved from the repository's node_modules: the
// programs live under build/).
if (typeof XMLHttpRequest === 'undefined') {
  const XHR2 = require('xhr2');
  // xhr2 drops the cause of a network error; keep it where FetchTransport
  // looks for it (xhr.coflagsError), so "connection refused" says so.
  const onHttpRequestError = XHR2.prototype._onHttpRequestError;
  if (typeof onHttpRequestError === 'function') {
    XHR2.prototype._onHttpRequestError = function (request, error) {
      if (this._request === request && error) this.coflagsError = String(error.message || error.code || error);
      return onHttpRequestError.call(this, request, error);
    };
  }
  // The URL is known only at open(): until then settings wait here; from
  // open() on, the chosen implementation does the work and this forwards.
  const HANDLERS = ['onreadystatechange', 'onload', 'onerror', 'ontimeout', 'onprogress', 'onabort', 'onloadend'];
  const FORWARDED = ['timeout', 'responseType', 'withCredentials', 'status', 'statusText', 'response',
    'responseURL', 'readyState', 'coflagsError'];
  class RoutingXMLHttpRequest {
    constructor() {
      this._impl = null;
      this._pending = { withCredentials: false, timeout: 0, responseType: '', readyState: 0, status: 0,
        statusText: '', response: null, responseURL: '', coflagsError: undefined };
      for (const h of HANDLERS) this[h] = null;
    }
    open(method, url, ...rest) {
      const https = /^https:/i.test(String(url));
      const impl = https ? new H2XMLHttpRequest() : new XHR2();
      for (const k of ['withCredentials', 'timeout', 'responseType']) impl[k] = this._pending[k];
      // Handlers are read when events fire, so setting them after open() works.
      for (const h of HANDLERS) impl[h] = (e) => { if (typeof this[h] === 'function') this[h].call(this, e); };
      this._impl = impl;
      impl.open(method, url, ...rest);
    }
    setRequestHeader(...a) { return this._need().setRequestHeader(...a); }
    overrideMimeType(...a) { return this._need().overrideMimeType(...a); }
    send(...a) { return this._need().send(...a); }
    abort() { if (this._impl) this._impl.abort(); }
    getResponseHeader(name) { return this._impl ? this._impl.getResponseHeader(name) : null; }
    getAllResponseHeaders() { return this._impl ? this._impl.getAllResponseHeaders() : ''; }
    _need() {
      if (!this._impl) throw new Error('InvalidStateError: open() first');
      return this._impl;
    }
  }
  for (const k of FORWARDED) {
    Object.defineProperty(RoutingXMLHttpRequest.prototype, k, {
      get() { return this._impl ? this._impl[k] : this._pending[k]; },
      set(v) { if (this._impl) this._impl[k] = v; else this._pending[k] = v; },
    });
  }
  Object.assign(RoutingXMLHttpRequest, { UNSENT: 0, OPENED: 1, HEADERS_RECEIVED: 2, LOADING: 3, DONE: 4 });
  globalThis.XMLHttpRequest = RoutingXMLHttpRequest;
}
