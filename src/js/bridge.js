// --js-library: the JavaScript half of src/js (promise.hpp, string.hpp).
// Other libraries list these in their __deps.
mergeInto(LibraryManager.library, {
  // A JS string for C++ to adopt (js::adopt_string frees it); 0 for none.
  // allocateUTF8 is part of 3.1.6's runtime (runtime_strings_extra.js), no library symbol.
  $coflagsNewString__deps: ['malloc'],
  $coflagsNewString: function (text) {
    return text === null || text === undefined ? 0 : allocateUTF8(String(text));
  },

  // Settles the Future that js::expect_promise() registered under `id`.
  $coflagsSettlePromise__deps: ['$coflagsNewString'],
  $coflagsSettlePromise: function (id, promise) {
    Promise.resolve(promise).then(
      function () { _coflags_js_promise_settled(id, 0); },
      function (e) { _coflags_js_promise_settled(id, coflagsNewString((e && e.message) || String(e))); });
  },
});
