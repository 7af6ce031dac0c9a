// Campaign's string digests: digestStrMd5, digestStrSha1, digestStrSha224, digestStrSha256,
// digestStrSha384, digestStrSha512 (docs/campaign-library.md). Each hashes the UTF-8 bytes of its
// argument and returns the digest in lower-case hexadecimal, through MemoryBuffer's digests
// (stdlib_js/15_http.js), so both APIs give the same hash for the same text. HMACStr(text, key,
// algorithm) signs the same way: UTF-8 text and key, hexadecimal result, sha256 by default.
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

  const HMAC_ALGORITHMS = ['md5', 'sha1', 'sha224', 'sha256', 'sha384', 'sha512'];
  function HMACStr(text, key, algorithm) {
    if (key === undefined || key === null) throw new TypeError('HMACStr: expected a key (a string), got ' + key);
    const algo = algorithm === undefined || algorithm === null || algorithm === '' ? 'sha256' :
      String(algorithm).toLowerCase().replace(/^hmac-?/, '').replace('-', '');
    if (HMAC_ALGORITHMS.indexOf(algo) < 0) {
      throw new RangeError('HMACStr: unknown algorithm "' + algorithm + '" (' + HMAC_ALGORITHMS.join(', ') + ')');
    }
    const buffer = new global.MemoryBuffer();
    buffer.fromString(text === undefined || text === null ? '' : String(text), 'utf-8');
    return buffer.hmac(String(key), algo);
  }
  Object.defineProperty(global, 'HMACStr', {value: HMACStr, writable: true, configurable: true, enumerable: false});
})(globalThis);
