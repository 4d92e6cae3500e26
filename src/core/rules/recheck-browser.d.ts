/** recheck's pure-JavaScript build has the package's own API. */
declare module 'recheck/lib/browser.js' {
  export * from 'recheck';
}
