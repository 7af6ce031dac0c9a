// Campaign's string digests: digestStrMd5, digestStrSha1, digestStrSha224, digestStrSha256,
// digestStrSha384, digestStrSha512 (docs/campaign-library.md). Each hashes the UTF-8 bytes of its
// argument and returns the digest in lower-case hexadecimal, through MemoryBuffer's digests
// (stdlib_js/15_http.js), so both APIs give the same hash for the same text.
(function (global) {
  'use strict';

  function digester(name, algo) {
    return function (value) {
      const buffer = new global.MemoryBuffer();
      buffer.fromString(value === undefined || value === null ? '' : String(value), 'utf-8');
      return buffer[algo]();
    };
  }
  [['digestStrMd5', 'md5'], ['digestStrSha1', 'sha1'], ['digestStrSha224', 'sha224'],
   ['digestStrSha256', 'sha256'], ['digestStrSha384', 'sha384'], ['digestStrSha512', 'sha512']]
    .forEach(function (pair) {
      Object.defineProperty(global, pair[0], {value: digester(pair[0], pair[1]), writable: true,
                                              configurable: true, enumerable: false});
    });
})(globalThis);
