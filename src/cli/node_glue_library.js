// --js-library for the CLI's node glue (node_glue.cpp): node's fs, the
// terminal, Ctrl-C. Asynchronous fs calls hand their promise to C++ with
// coflagsSettlePromise (src/js/bridge.js).
mergeInto(LibraryManager.library, {
  coflags_cli_write_file__deps: ['$coflagsSettlePromise'],
  coflags_cli_write_file: function (id, path, data, size) {
    // Copy now: the wasm memory may grow (and move) before node writes.
    var bytes = HEAPU8.slice(data, data + size);
    coflagsSettlePromise(id, require('fs').promises.writeFile(UTF8ToString(path), bytes));
  },

  // mkdir -p, one level at a time: node 20's {recursive: true} spins forever
  // on some paths (mkdir -p /proc/x never settles).
  coflags_cli_mkdir__deps: ['$coflagsSettlePromise'],
  coflags_cli_mkdir: function (id, path) {
    var fsp = require('fs').promises;
    var nodePath = require('path');
    var mkdirs = async function (target) {
      var missing = [];
      for (var dir = nodePath.resolve(target);; dir = nodePath.dirname(dir)) {
        try {
          if ((await fsp.stat(dir)).isDirectory()) break;
          throw new Error('ENOTDIR: not a directory, mkdir \'' + dir + '\'');
        } catch (e) {
          if (e.code !== 'ENOENT') throw e;
          missing.unshift(dir);
          if (nodePath.dirname(dir) === dir) break;
        }
      }
      for (var i = 0; i < missing.length; ++i) {
        try { await fsp.mkdir(missing[i]); } catch (e) { if (e.code !== 'EEXIST') throw e; }
      }
    };
    coflagsSettlePromise(id, mkdirs(UTF8ToString(path)));
  },

  // The text (for js::adopt_string), or the error message with *failed set; 0 if absent.
  coflags_cli_read_text__deps: ['$coflagsNewString'],
  coflags_cli_read_text: function (path, failed) {
    var text;
    try {
      text = require('fs').readFileSync(UTF8ToString(path), 'utf8');
    } catch (e) {
      if (e.code === 'ENOENT') return 0;
      HEAP32[failed >> 2] = 1;
      text = String(e.message || e);
    }
    return coflagsNewString(text);
  },

  coflags_cli_stderr_is_tty: function () {
    return process.stderr.isTTY ? 1 : 0;
  },

  coflags_cli_on_sigint: function () {
    var count = 0;
    process.on('SIGINT', function () {
      if (++count > 1) process.exit(130);
      _coflags_cli_interrupted();
    });
  },
});
