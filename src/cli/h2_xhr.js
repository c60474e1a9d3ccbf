// --pre-js for node programs that use emscripten_fetch: H2XMLHttpRequest, an
// XMLHttpRequest for https: URLs over node:http2. All requests to an origin
// share one connection (ClientHttp2Session), so hundreds of requests run at
// once as streams instead of one TCP connection each (xhr2, HTTP/1.1).
// Only the surface Emscripten's fetchXHR (src/Fetch.js) uses is implemented.
// xhr_polyfill.js routes https: URLs here and the rest to xhr2.
// Trust: node's own store plus NODE_EXTRA_CA_CERTS (for a self-signed server).
var H2XMLHttpRequest = (function () {
  const http2 = require('http2');
  const STATUS_TEXT = require('http').STATUS_CODES;
  const { NGHTTP2_CANCEL } = http2.constants;
  const UNSENT = 0, OPENED = 1, HEADERS_RECEIVED = 2, LOADING = 3, DONE = 4;

  // origin -> its live session. A session that errors, closes or receives
  // GOAWAY leaves the map; the next request opens a new one.
  const sessions = new Map();
  const openStreams = new WeakMap();  // session -> streams in flight on it

  const CERT_CODES = /CERT|SELF_SIGNED|UNABLE_TO_(GET|VERIFY)|ERR_TLS_CERT_ALTNAME/;

  // A cause a person can act on.
  function describe(error) {
    const code = error.code || '';
    const message = String(error.message || error).trim();
    if (CERT_CODES.test(code)) {
      return `TLS certificate not trusted: ${message} (${code}); for a self-signed server set ` +
        'NODE_EXTRA_CA_CERTS to its certificate, e.g. NODE_EXTRA_CA_CERTS=build/tls/cert.pem';
    }
    if (code === 'ERR_SSL_WRONG_VERSION_NUMBER') {
      return `the server does not speak TLS (${code}): is it an http:// URL?`;
    }
    if (code === 'ERR_SSL_TLSV1_ALERT_NO_APPLICATION_PROTOCOL') {
      return 'the server does not speak HTTP/2 over TLS (ALPN h2 refused); https:// URLs use HTTP/2';
    }
    return code && !message.includes(code) ? `${message} (${code})` : message;
  }

  function dropSession(origin, session) {
    if (sessions.get(origin) === session) sessions.delete(origin);
  }

  function sessionFor(origin) {
    const existing = sessions.get(origin);
    if (existing && !existing.closed && !existing.destroyed) return existing;
    const session = http2.connect(origin, { ALPNProtocols: ['h2'] });
    openStreams.set(session, 0);
    sessions.set(origin, session);
    session.on('connect', () => {
      // No ALPN answer means a TLS server that does not know HTTP/2: refuse
      // clearly rather than let HTTP/1.1 bytes fail as "Protocol error".
      if (session.alpnProtocol !== 'h2') {
        const error = new Error('the server does not speak HTTP/2 over TLS (no ALPN h2); https:// URLs use HTTP/2');
        error.code = 'COFLAGS_NO_H2';
        session.destroy(error);
      }
    });
    session.on('error', (error) => { session.coflagsError = describe(error); dropSession(origin, session); });
    session.on('goaway', () => dropSession(origin, session));
    session.on('close', () => dropSession(origin, session));
    return session;
  }

  // Keep node alive while a stream is open, and only then: an idle session
  // must not stop a finished program from exiting.
  function holdSession(session) {
    const n = openStreams.get(session) + 1;
    openStreams.set(session, n);
    if (n === 1) session.ref();
  }
  function releaseSession(session) {
    const n = openStreams.get(session) - 1;
    openStreams.set(session, n);
    if (n === 0 && !session.destroyed) session.unref();
  }

  class H2XMLHttpRequest {
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
      this._stream = null;
      this._timer = null;
      this._finished = false;
    }

    open(method, url, async = true) {
      const parsed = new URL(url);
      if (parsed.protocol !== 'https:') throw new TypeError(`H2XMLHttpRequest serves https: URLs only, not ${url}`);
      if (!async) throw new TypeError('H2XMLHttpRequest is asynchronous only');
      this._method = String(method || 'GET').toUpperCase();
      this._url = parsed;
      this.responseURL = parsed.href;
      this._headers = {};
      this._finished = false;
      this._setState(OPENED);
    }

    setRequestHeader(name, value) {
      if (this.readyState !== OPENED || this._stream) throw new Error('InvalidStateError: setRequestHeader before send()');
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
      if (this.readyState !== OPENED || this._stream) throw new Error('InvalidStateError: send() needs open() first, once');
      const origin = this._url.origin;
      // Object.assign, not object spread: Emscripten 3.1.6's JS optimizer cannot parse spread.
      const headers = Object.assign({}, this._headers, { ':method': this._method, ':path': this._url.pathname + this._url.search });
      const hasBody = body !== null && body !== undefined && this._method !== 'GET' && this._method !== 'HEAD';
      let session, stream;
      // A session can be closing (GOAWAY) without having said so yet: one more try on a fresh one.
      for (let attempt = 0; attempt < 2 && !stream; ++attempt) {
        session = sessionFor(origin);
        try {
          stream = session.request(headers, { endStream: !hasBody });
        } catch (error) {
          dropSession(origin, session);
          if (attempt === 1) { setImmediate(() => this._fail(describe(error))); return; }
        }
      }
      this._stream = stream;
      holdSession(session);
      if (hasBody) stream.end(Buffer.from(body));
      if (this.timeout > 0) this._timer = setTimeout(() => this._onTimeout(), this.timeout);

      const chunks = [];
      let loaded = 0;
      let total = 0;
      stream.on('response', (h) => {
        this.status = Number(h[':status']);
        this.statusText = STATUS_TEXT[this.status] || '';  // HTTP/2 has no reason phrase
        // No destructuring in for-of: Emscripten 3.1.6's JS optimizer drops it.
        for (const k of Object.keys(h)) {
          if (!k.startsWith(':')) this._responseHeaders[k] = Array.isArray(h[k]) ? h[k].join(', ') : String(h[k]);
        }
        total = Number(h['content-length']) || 0;
        this._setState(HEADERS_RECEIVED);
      });
      stream.on('data', (chunk) => {
        if (this._finished) return;
        chunks.push(chunk);
        loaded += chunk.length;
        if (this.readyState === HEADERS_RECEIVED) this._setState(LOADING);
        this._fire('onprogress', { loaded, total, lengthComputable: total > 0 });
      });
      stream.on('end', () => {
        if (this._finished) return;
        const bytes = Buffer.concat(chunks, loaded);
        this.response = this.responseType === 'arraybuffer'
          ? bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength)
          : bytes.toString('utf8');
        this._finish('onload', { loaded, total: total || loaded, lengthComputable: true });
      });
      stream.on('error', (error) => { this._streamError = error; });
      stream.on('close', () => {
        releaseSession(session);
        if (this._finished) return;
        // Closed without its end: reset by the server, or the connection failed.
        // The stream hears of a failed connection before the session does: its error's cause is the session's.
        let cause = this._streamError ? describe(this._streamError.cause || this._streamError) : session.coflagsError;
        if (!cause) cause = `HTTP/2 stream closed before the response ended (RST_STREAM code ${stream.rstCode})`;
        this._fail(cause);
      });
    }

    // Cancels the stream (RST_STREAM CANCEL): the server sees the client leave.
    abort() {
      const wasActive = this._stream && !this._finished;
      this._finished = true;
      this._clearTimer();
      if (this._stream && !this._stream.closed) this._stream.close(NGHTTP2_CANCEL);
      this.status = 0;
      this.response = null;
      this.readyState = UNSENT;
      if (wasActive) this._fire('onabort', { loaded: 0, total: 0, lengthComputable: false });
    }

    _onTimeout() {
      if (this._finished) return;
      if (this._stream && !this._stream.closed) this._stream.close(NGHTTP2_CANCEL);
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
  Object.assign(H2XMLHttpRequest, { UNSENT, OPENED, HEADERS_RECEIVED, LOADING, DONE });
  return H2XMLHttpRequest;
})();
