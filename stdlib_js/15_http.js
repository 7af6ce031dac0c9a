// MemoryBuffer (bytes in memory) and HttpClientRequest (an HTTP exchange, only with hosts opened
// by --allow-http). Bytes are kept as a "binary string" (one character per byte); encodings,
// base 64 and digests are Python's (runtime/host/buffers.py), HTTP is httpx (runtime/host/http.py).
(function (global) {
  'use strict';
  const host = global.__host;
  function define(obj, name, value) {
    Object.defineProperty(obj, name, {value: value, writable: true, configurable: true, enumerable: false});
  }
  function codePage(cp) { return cp === undefined || cp === null || cp === '' ? null : cp; }

  function MemoryBuffer() {
    if (!(this instanceof MemoryBuffer)) throw new TypeError('MemoryBuffer: use new MemoryBuffer()');
    define(this, '_bytes', '');
    define(this, '_charset', null);
  }
  const CODE_PAGES = {CODEPAGE_UTF8: 65001, CODEPAGE_LATIN1: 28591, CODEPAGE_WINDOWS1252: 1252,
    CODEPAGE_UTF16: 1200, CODEPAGE_ASCII: 20127};
  Object.keys(CODE_PAGES).forEach(function (k) { Object.defineProperty(MemoryBuffer, k, {value: CODE_PAGES[k]}); });
  Object.defineProperty(MemoryBuffer.prototype, 'size', {get: function () { return this._bytes.length; }});
  Object.defineProperty(MemoryBuffer.prototype, 'length', {get: function () { return this._bytes.length; }});
  define(MemoryBuffer.prototype, 'fromString', function fromString(text, cp) {
    if (text === undefined || text === null) throw new TypeError('MemoryBuffer.fromString: expected a string, got ' + text);
    this._bytes = host.call('buffer.encode', [String(text), codePage(cp)]);
  });
  define(MemoryBuffer.prototype, 'toString', function toString(cp) {
    return host.call('buffer.decode', [this._bytes, codePage(cp) || this._charset]);
  });
  define(MemoryBuffer.prototype, 'toBase64', function toBase64(start, length) {
    const s = start === undefined ? 0 : Number(start);
    const bytes = length === undefined ? this._bytes.slice(s) : this._bytes.slice(s, s + Number(length));
    return host.call('buffer.toBase64', [bytes]);
  });
  define(MemoryBuffer.prototype, 'appendBase64', function appendBase64(text) {
    this._bytes += host.call('buffer.fromBase64', [String(text)]);
  });
  define(MemoryBuffer.prototype, 'fromHexString', function fromHexString(hex) {
    const h = String(hex);
    if (h.length % 2 || /[^0-9a-fA-F]/.test(h)) throw new Error('MemoryBuffer.fromHexString: not a hexadecimal string: ' + h);
    let out = '';
    for (let i = 0; i < h.length; i += 2) out += String.fromCharCode(parseInt(h.substr(i, 2), 16));
    this._bytes = out;
  });
  define(MemoryBuffer.prototype, 'toHexString', function toHexString() {
    let out = '';
    for (let i = 0; i < this._bytes.length; i++) out += (this._bytes.charCodeAt(i) + 256).toString(16).slice(1);
    return out;
  });
  define(MemoryBuffer.prototype, 'removeAll', function removeAll() { this._bytes = ''; });
  define(MemoryBuffer.prototype, 'dispose', function dispose() { this._bytes = ''; });
  define(MemoryBuffer.prototype, 'load', function load(name) {
    this._bytes = global.loadFile(name, 'iso-8859-1');   // latin-1 text: one character per byte
  });
  define(MemoryBuffer.prototype, 'save', function save(name) {
    global.saveFile(this._bytes, name, 'iso-8859-1');
  });
  // The buffer's text as an XML document: E4X (toXML, Campaign's older spelling) or DOM.
  define(MemoryBuffer.prototype, 'toXML', function toXML() { return new global.XML(this.toString()); });
  define(MemoryBuffer.prototype, 'toDocument', function toDocument() {
    if (typeof global.DOMDocument !== 'function' || typeof global.DOMDocument.fromXMLString !== 'function') {
      throw new Error('MemoryBuffer.toDocument: DOMDocument is not available in this build; use toXML()');
    }
    return global.DOMDocument.fromXMLString(this.toString());
  });
  ['md5', 'sha1', 'sha224', 'sha256', 'sha384', 'sha512'].forEach(function (algo) {
    define(MemoryBuffer.prototype, algo, function () { return host.call('buffer.digest', [this._bytes, algo]); });
  });
  define(MemoryBuffer.prototype, 'hmac', function hmac(key, algorithm) {
    return host.call('buffer.hmac', [this._bytes, String(key), algorithm === undefined ? 'sha256' : String(algorithm)]);
  });
  define(global, 'MemoryBuffer', MemoryBuffer);

  // --- HttpClientRequest ------------------------------------------------------------------------
  function HttpClientRequest(url) {
    if (!(this instanceof HttpClientRequest)) throw new TypeError('HttpClientRequest: use new HttpClientRequest(url)');
    if (url !== undefined && typeof url !== 'string') {
      throw new TypeError('HttpClientRequest: expected a URL string, got ' + (url === null ? 'null' : typeof url));
    }
    this.url = url === undefined ? '' : url;
    this.method = 'GET';
    this.header = {};
    this.body = '';
    this.response = null;
  }
  function HttpClientResponse(r) {
    this.code = r.code;
    this.message = r.message;
    this.url = r.url;
    // header names are case-insensitive: response.header["Content-Type"] finds content-type
    const lower = Object.create(null);
    for (const k of Object.keys(r.header)) lower[k.toLowerCase()] = r.header[k];
    this.header = new Proxy(lower, {
      get(t, k) { return typeof k === 'string' ? t[k.toLowerCase()] : undefined; },
      has(t, k) { return typeof k === 'string' && k.toLowerCase() in t; },
    });
    const body = new MemoryBuffer();
    body._bytes = r.body;
    const m = /charset=["']?([^;"'\s]+)/i.exec(this.header['content-type'] || '');
    body._charset = m ? m[1] : null;
    this.body = body;
    // the response's character set, for body.toString(resp.codePage): Content-Type's charset,
    // else UTF-8 (what HTTP APIs send without saying)
    this.codePage = m ? m[1] : 'utf-8';
  }
  define(HttpClientResponse.prototype, 'toString', function () { return this.body.toString(); });

  define(HttpClientRequest.prototype, 'execute', function execute() {
    const b = this.body;
    const binary = b instanceof MemoryBuffer;
    const req = {url: this.url, method: this.method, header: Object.assign({}, this.header),
      body: binary ? b._bytes : (b === undefined || b === null ? '' : String(b)), binary: binary};
    this.response = new HttpClientResponse(host.call('http.execute', [req]));
    return this.response;
  });
  // Campaign's connection management. xtkjs opens a connection per execute() and closes it
  // after: connect() checks now that the URL is valid and its host allowed (what would fail
  // first), disconnect() has no connection left to close.
  define(HttpClientRequest.prototype, 'connect', function connect() { host.call('http.check', [this.url]); });
  define(HttpClientRequest.prototype, 'disconnect', function disconnect() {});
  define(HttpClientRequest.prototype, 'complete', function complete() { return this.response !== null; });
  define(HttpClientRequest.prototype, 'dispose', function dispose() { this.response = null; });
  define(global, 'HttpClientRequest', HttpClientRequest);
})(globalThis);
