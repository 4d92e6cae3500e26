// A stand-in for the `vscode` module, for bench/startup.mjs: every name the API declares (read from
// @types/vscode) is a do-nothing value that any property, call or `new` of returns again, iterates as
// empty and never resolves as a promise. Enough to load dist/extension.js and run activate() outside
// VS Code: what it measures is our own start-up work, not VS Code's.
const { readFileSync } = require('node:fs');
const Module = require('node:module');

const dts = readFileSync(require.resolve('@types/vscode/index.d.ts'), 'utf8');
const names = new Set([...dts.matchAll(/^\t?export (?:class|enum|namespace|function|const|let|var) (\w+)/gm)].map((m) => m[1]));

const any = new Proxy(function () {}, {
  get: (_t, k) => {
    if (k === 'then') return () => any; // a promise that never settles
    if (k === 'appendLine' && process.env.VSCODE_STUB_LOG) return (line) => console.error(line);
    if (k === Symbol.iterator) return function* () {};
    if (k === Symbol.toPrimitive) return () => 0;
    if (k === 'length') return 0;
    return any;
  },
  set: () => true,
  apply: () => any,
  construct: () => any,
});
const api = new Proxy(
  {},
  {
    get: (_t, k) => (k === '__esModule' ? false : any),
    has: () => true,
    ownKeys: () => [...names],
    getOwnPropertyDescriptor: (_t, k) => (names.has(k) ? { value: any, enumerable: true, configurable: true, writable: false } : undefined),
  },
);

const load = Module._load;
Module._load = function (request, ...rest) {
  return request === 'vscode' ? api : load.call(this, request, ...rest);
};

/** A minimal ExtensionContext. */
exports.context = (extensionPath) => {
  const memento = { get: (_k, d) => d, update: async () => {}, keys: () => [] };
  return {
    subscriptions: [],
    extensionPath,
    extensionUri: any,
    workspaceState: memento,
    globalState: memento,
    storageUri: undefined,
    globalStorageUri: any,
    logUri: any,
    extensionMode: 1,
  };
};
