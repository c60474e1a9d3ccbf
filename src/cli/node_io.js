// Pre-js for the coflags CLI: hands the outcome of a node fs promise to the
// C++ side, which resolves the Future registered under `token`.
Module['coflagsSettleIo'] = function (token, promise) {
  promise.then(
    () => _coflags_cli_io_done(token, 0),
    (e) => {
      const message = String((e && e.message) || e);
      const length = lengthBytesUTF8(message) + 1;
      const p = _malloc(length);
      stringToUTF8(message, p, length);
      _coflags_cli_io_done(token, p);
    });
};
