// --pre-js for the node CLI: emscripten_fetch needs XMLHttpRequest, which
// node lacks. xhr2 implements it on node's http module (resolved from the
// repository's node_modules: the program lives under build/).
if (typeof XMLHttpRequest === 'undefined') {
  globalThis.XMLHttpRequest = require('xhr2');
}
