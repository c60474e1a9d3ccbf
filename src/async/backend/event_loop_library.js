// --js-library: the JavaScript half of the Emscripten backend
// (backend/emscripten.cpp; declared in backend/event_loop_js.hpp). Linked by
// coflags_async's interface, so every wasm target that links the backend
// gets it.
mergeInto(LibraryManager.library, {
  // Posted tasks for ready work, by id: a MessageChannel message in a page
  // (setTimeout(0) is clamped to 4 ms once nested), node's setImmediate
  // elsewhere. A cancelled id is forgotten, so its task does nothing.
  // (A library object is emitted as a literal: fields are set on first use.)
  $coflagsReadyTasks: {},

  // Posts a task that calls coflags_event_loop_ready(target); returns its id.
  coflags_js_post_ready_task__deps: ['$coflagsReadyTasks'],
  coflags_js_post_ready_task: function (target) {
    var q = coflagsReadyTasks;
    if (!q.post) {
      q.next = 1;
      q.live = new Map();
      var run = function (id) {
        var t = q.live.get(id);
        if (t === undefined) return;
        q.live.delete(id);
        _coflags_event_loop_ready(t);
      };
      if (typeof window !== 'undefined' && typeof MessageChannel !== 'undefined') {
        var channel = new MessageChannel();
        channel.port1.onmessage = function (e) { run(e.data); };
        q.post = function (id) { channel.port2.postMessage(id); };
      } else {
        q.post = function (id) { setImmediate(function () { run(id); }); };
      }
    }
    var id = q.next++;
    q.live.set(id, target);
    q.post(id);
    return id;
  },

  coflags_js_cancel_ready_task__deps: ['$coflagsReadyTasks'],
  coflags_js_cancel_ready_task: function (id) {
    if (coflagsReadyTasks.live) coflagsReadyTasks.live.delete(id);
  },

  // run_main: if node's event loop empties before the main task ends, exit non-zero.
  coflags_js_mark_unfinished: function () {
    if (typeof process !== 'undefined') process.exitCode = 3;
  },
});
