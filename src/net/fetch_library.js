// --js-library for FetchTransport (fetch_transport.cpp): what it needs of
// Emscripten's Fetch.xhrs, the XMLHttpRequest behind each emscripten_fetch.
mergeInto(LibraryManager.library, {
  // emscripten_fetch throws a JS ReferenceError through the wasm without it.
  coflags_net_has_xhr: function () {
    return typeof XMLHttpRequest !== 'undefined' ? 1 : 0;
  },

  // Detaches every handler from the XHR and aborts it: the socket closes and
  // nothing calls back into the (about to be freed) fetch.
  coflags_net_abort_xhr__deps: ['$Fetch'],
  coflags_net_abort_xhr: function (xhrId) {
    var xhr = Fetch.xhrs[xhrId - 1];
    if (!xhr) return;
    xhr.onload = xhr.onerror = xhr.ontimeout = xhr.onprogress = xhr.onreadystatechange = null;
    try { xhr.abort(); } catch (e) {}
  },

  // The cause of a network error if the XHR implementation kept one (the
  // node backend does; browsers do not say), for js::adopt_string, or 0.
  coflags_net_xhr_error__deps: ['$Fetch', '$coflagsNewString'],
  coflags_net_xhr_error: function (xhrId) {
    var xhr = Fetch.xhrs[xhrId - 1];
    return xhr && xhr.coflagsError ? coflagsNewString(xhr.coflagsError) : 0;
  },
});
