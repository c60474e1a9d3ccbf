// --pre-js for node programs that use emscripten_fetch: node has no
// XMLHttpRequest; xhr2 implements it on node's http module (resolved from
// the repository's node_modules: the programs live under build/).
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
  globalThis.XMLHttpRequest = XHR2;
}
