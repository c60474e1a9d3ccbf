// --pre-js (the net layer's node backend, with http2_client.js and xhr.js):
// one HTTP/1.1 request over node:http for NodeXMLHttpRequest.
// Connections are kept alive in one agent with no cap on sockets, busy or
// free: the pool grows to the most requests the run has had in flight at
// once (its concurrency) and no further, and the next request reuses a
// free socket instead of a new TCP handshake. node's agent unrefs free
// sockets, so an idle pool does not keep a finished program alive.
var coflagsHttp1 = (function () {
  const http = require('http');
  const agent = new http.Agent({ keepAlive: true, maxSockets: Infinity, maxFreeSockets: Infinity });

  // Starts `method url`; `sink` hears onResponse(status, statusText, headers),
  // onData(chunk), onEnd(), or onError(cause) once. Returns cancel().
  function start(url, method, headers, body, sink) {
    let settled = false;
    const fail = (cause) => { if (!settled) { settled = true; sink.onError(cause); } };
    const request = http.request(url, { method, headers, agent });
    request.on('error', (error) => fail(String(error.message || error.code || error)));
    request.on('response', (response) => {
      sink.onResponse(response.statusCode, response.statusMessage || '', response.headers);
      response.on('data', (chunk) => { if (!settled) sink.onData(chunk); });
      response.on('end', () => { if (!settled) { settled = true; sink.onEnd(); } });
      response.on('error', (error) => fail(String(error.message || error.code || error)));
      response.on('close', () => { if (!response.complete) fail('the connection closed before the response ended'); });
    });
    request.end(body === null ? undefined : body);
    return () => { settled = true; request.destroy(); };
  }

  return { start };
})();
