// --pre-js (the net layer's node backend, after http1_client.js and
// http2_client.js): node has no XMLHttpRequest, and emscripten_fetch needs
// one. NodeXMLHttpRequest is only the surface Emscripten 3.1.6's fetchXHR
// (src/Fetch.js) uses: open, send, abort, status, statusText, readyState,
// response as an ArrayBuffer, timeout, getAllResponseHeaders, and the
// onreadystatechange/onprogress/onload/onerror/ontimeout/onabort handlers.
// https: URLs go over HTTP/2 (coflagsHttp2), the rest over HTTP/1.1
// (coflagsHttp1). A network error's cause stays in xhr.coflagsError, where
// FetchTransport looks for it (browsers do not say why).
if (typeof XMLHttpRequest === 'undefined') {
  globalThis.XMLHttpRequest = (function () {
    const UNSENT = 0, OPENED = 1, HEADERS_RECEIVED = 2, LOADING = 3, DONE = 4;

    class NodeXMLHttpRequest {
      constructor() {
        this.readyState = UNSENT;
        this.status = 0;  // a plain field: fetchXHR's onprogress may assign it
        this.statusText = '';
        this.response = null;
        this.responseType = '';
        this.responseURL = '';
        this.timeout = 0;
        this.withCredentials = false;
        this.coflagsError = undefined;
        this.onreadystatechange = this.onload = this.onerror = this.ontimeout = null;
        this.onprogress = this.onabort = this.onloadend = null;
        this._headers = {};
        this._responseHeaders = {};
        this._cancel = null;
        this._timer = null;
        this._finished = false;
      }

      open(method, url, async = true) {
        const parsed = new URL(url);
        if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') throw new TypeError(`only http: and https: URLs, not ${url}`);
        if (!async) throw new TypeError('NodeXMLHttpRequest is asynchronous only');
        this._method = String(method || 'GET').toUpperCase();
        this._url = parsed.href;
        this._client = parsed.protocol === 'https:' ? coflagsHttp2 : coflagsHttp1;
        this.responseURL = parsed.href;
        this._headers = {};
        this._finished = false;
        this._setState(OPENED);
      }

      setRequestHeader(name, value) {
        if (this.readyState !== OPENED || this._cancel) throw new Error('InvalidStateError: setRequestHeader before send()');
        const key = String(name).toLowerCase();
        this._headers[key] = key in this._headers ? `${this._headers[key]}, ${value}` : String(value);
      }

      overrideMimeType() {}  // the body is handed over as bytes whatever its type

      getResponseHeader(name) {
        const value = this._responseHeaders[String(name).toLowerCase()];
        return value === undefined ? null : value;
      }

      getAllResponseHeaders() {
        return Object.keys(this._responseHeaders).map((k) => `${k}: ${this._responseHeaders[k]}\r\n`).join('');
      }

      send(body) {
        if (this.readyState !== OPENED || this._cancel) throw new Error('InvalidStateError: send() needs open() first, once');
        const hasBody = body !== null && body !== undefined && this._method !== 'GET' && this._method !== 'HEAD';
        const chunks = [];
        let loaded = 0;
        let total = 0;
        const sink = {
          onResponse: (status, statusText, headers) => {
            this.status = status;
            this.statusText = statusText;
            for (const k of Object.keys(headers)) {
              const v = headers[k];
              this._responseHeaders[k] = Array.isArray(v) ? v.join(', ') : String(v);
            }
            total = Number(headers['content-length']) || 0;
            this._setState(HEADERS_RECEIVED);
          },
          onData: (chunk) => {
            if (this._finished) return;
            chunks.push(chunk);
            loaded += chunk.length;
            if (this.readyState === HEADERS_RECEIVED) this._setState(LOADING);
            this._fire('onprogress', { loaded, total, lengthComputable: total > 0 });
          },
          onEnd: () => {
            if (this._finished) return;
            const bytes = chunks.length === 1 ? chunks[0] : Buffer.concat(chunks, loaded);
            this.response = this.responseType === 'arraybuffer'
              ? bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength)
              : bytes.toString('utf8');
            this._finish('onload', { loaded, total: total || loaded, lengthComputable: true });
          },
          onError: (cause) => this._fail(cause),
        };
        this._cancel = this._client.start(this._url, this._method, this._headers, hasBody ? Buffer.from(body) : null, sink);
        if (this.timeout > 0) this._timer = setTimeout(() => this._onTimeout(), this.timeout);
      }

      // Closes the request (its connection, or its HTTP/2 stream): the server sees the client leave.
      abort() {
        const wasActive = this._cancel && !this._finished;
        this._finished = true;
        this._clearTimer();
        if (wasActive) this._cancel();
        this.status = 0;
        this.response = null;
        this.readyState = UNSENT;
        if (wasActive) this._fire('onabort', { loaded: 0, total: 0, lengthComputable: false });
      }

      _onTimeout() {
        if (this._finished) return;
        if (this._cancel) this._cancel();
        this.coflagsError = `timed out after ${this.timeout} ms`;
        this.status = 0;
        this.response = null;
        this._finish('ontimeout', { loaded: 0, total: 0, lengthComputable: false });
      }

      _fail(cause) {
        if (this._finished) return;
        this.coflagsError = cause;
        this.status = 0;
        this.statusText = '';
        this.response = null;
        this._finish('onerror', { loaded: 0, total: 0, lengthComputable: false });
      }

      // DONE, then the outcome's event, then loadend (the XHR order).
      _finish(handler, progress) {
        this._finished = true;
        this._clearTimer();
        this._setState(DONE);
        this._fire(handler, progress);
        this._fire('onloadend', progress);
      }

      _setState(state) {
        this.readyState = state;
        this._fire('onreadystatechange', {});
      }

      _fire(handler, fields) {
        const fn = this[handler];
        if (typeof fn === 'function') fn.call(this, Object.assign({ type: handler.slice(2), target: this, currentTarget: this }, fields));
      }

      _clearTimer() {
        if (this._timer) clearTimeout(this._timer);
        this._timer = null;
      }
    }
    Object.assign(NodeXMLHttpRequest, { UNSENT, OPENED, HEADERS_RECEIVED, LOADING, DONE });
    return NodeXMLHttpRequest;
  })();
}
