// --pre-js (the net layer's node backend, with http1_client.js and xhr.js):
// one request over node:http2 for NodeXMLHttpRequest. All requests to an
// origin share one connection (ClientHttp2Session), so hundreds of requests
// run at once as streams of one TCP connection.
// Trust: node's own store plus NODE_EXTRA_CA_CERTS (for a self-signed server).
var coflagsHttp2 = (function () {
  const http2 = require('http2');
  const STATUS_TEXT = require('http').STATUS_CODES;
  const { NGHTTP2_CANCEL } = http2.constants;

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

  // As coflagsHttp1.start: `sink` hears onResponse, onData, onEnd or onError once.
  function start(url, method, headers, body, sink) {
    const parsed = new URL(url);
    // Object.assign, not object spread: Emscripten 3.1.6's JS optimizer cannot parse spread.
    const all = Object.assign({}, headers, { ':method': method, ':path': parsed.pathname + parsed.search });
    let session, stream;
    let settled = false;
    const fail = (cause) => { if (!settled) { settled = true; sink.onError(cause); } };
    // A session can be closing (GOAWAY) without having said so yet: one more try on a fresh one.
    for (let attempt = 0; attempt < 2 && !stream; ++attempt) {
      session = sessionFor(parsed.origin);
      try {
        stream = session.request(all, { endStream: body === null });
      } catch (error) {
        dropSession(parsed.origin, session);
        if (attempt === 1) { setImmediate(() => fail(describe(error))); return () => { settled = true; }; }
      }
    }
    holdSession(session);
    if (body !== null) stream.end(body);
    let streamError = null;
    stream.on('response', (h) => {
      const status = Number(h[':status']);
      const plain = {};
      // No destructuring in for-of: Emscripten 3.1.6's JS optimizer drops it.
      for (const k of Object.keys(h)) if (!k.startsWith(':')) plain[k] = h[k];
      sink.onResponse(status, STATUS_TEXT[status] || '', plain);  // HTTP/2 has no reason phrase
    });
    stream.on('data', (chunk) => { if (!settled) sink.onData(chunk); });
    stream.on('end', () => { if (!settled) { settled = true; sink.onEnd(); } });
    stream.on('error', (error) => { streamError = error; });
    stream.on('close', () => {
      releaseSession(session);
      if (settled) return;
      // Closed without its end: reset by the server, or the connection failed.
      // The stream hears of a failed connection before the session does: its error's cause is the session's.
      let cause = streamError ? describe(streamError.cause || streamError) : session.coflagsError;
      if (!cause) cause = `HTTP/2 stream closed before the response ended (RST_STREAM code ${stream.rstCode})`;
      fail(cause);
    });
    // Cancels the stream (RST_STREAM CANCEL): the server sees the client leave.
    return () => {
      settled = true;
      if (!stream.closed) stream.close(NGHTTP2_CANCEL);
    };
  }

  return { start };
})();
