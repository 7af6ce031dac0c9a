// loadFile, saveFile and File: text files inside the files root (--files, default the current
// folder). Python does the work and the confinement (runtime/host/files.py, permissions.py).
(function (global) {
  'use strict';
  const host = global.__host;
  function define(obj, name, value) {
    Object.defineProperty(obj, name, {value: value, writable: true, configurable: true, enumerable: false});
  }
  function fileName(name, api) {
    if (typeof name !== 'string' || name === '') {
      throw new TypeError(api + ': expected a file name (a non-empty string), got ' +
        (name === null ? 'null' : name === '' ? 'an empty string' : typeof name));
    }
    return name;
  }
  function encoding(cp) { return cp === undefined || cp === null ? null : String(cp); }

  define(global, 'loadFile', function loadFile(name, codePage) {
    return host.call('file.load', [fileName(name, 'loadFile'), encoding(codePage)]);
  });
  define(global, 'saveFile', function saveFile(text, name, codePage) {
    host.call('file.save', [text === undefined || text === null ? '' : String(text), fileName(name, 'saveFile'),
      encoding(codePage)]);
  });

  // Campaign's deprecated spellings, still common in older scripts.
  define(global, 'loadString', global.loadFile);
  define(global, 'saveString', global.saveFile);
  // saveXmlFile: the text of an XML document, with an XML declaration naming its encoding.
  define(global, 'saveXmlFile', function saveXmlFile(text, name, codePage) {
    let s = text === undefined || text === null ? '' : typeof text === 'object' && typeof text.toXMLString === 'function' ?
      text.toXMLString() : String(text);
    if (!/^\s*<\?xml[\s?]/.test(s)) s = '<?xml version="1.0" encoding="' + (encoding(codePage) || 'utf-8') + '"?>\n' + s;
    host.call('file.save', [s, fileName(name, 'saveXmlFile'), encoding(codePage)]);
  });

  // loadXmlFile(name): the file's document as E4X XML, decoded as its XML declaration says.
  define(global, 'loadXmlFile', function loadXmlFile(name) {
    const text = host.call('file.loadXml', [fileName(name, 'loadXmlFile'), 'loadXmlFile']);
    const doc = new global.XML(text.replace(/^\s+/, ''));
    if (doc.nodeKind() !== 'element') throw new Error('loadXmlFile: ' + name + ': not an XML document');
    return doc;
  });
  // File housekeeping functions of Campaign's global scope.
  define(global, 'fileRename', function fileRename(name, target) {
    host.call('file.rename', [fileName(name, 'fileRename'), fileName(target, 'fileRename'), 'fileRename']);
  });
  define(global, 'fileSize', function fileSize(name) {
    return host.call('file.size', [fileName(name, 'fileSize'), 'fileSize']);
  });
  // A name for a scratch file in the files root, not used yet (from getUUID: stable in goldens).
  define(global, 'fileGetTempName', function fileGetTempName(extension) {
    const ext = extension === undefined || extension === null || extension === '' ? '.tmp' :
      (String(extension)[0] === '.' ? '' : '.') + String(extension);
    if (/[\/\\]/.test(ext)) throw new TypeError('fileGetTempName: the extension cannot hold a path separator: ' + ext);
    return 'xtkjs-' + global.getUUID().slice(0, 8) + ext;
  });

  // new File(name): properties are read from the file system when asked (exists, size...).
  function File(name) {
    if (!(this instanceof File)) throw new TypeError('File: use new File(name)');
    define(this, '_name', fileName(name, 'new File'));
    define(this, '_handle', 0);
  }
  // File.open's code pages, as the encoding names Python knows (CURRENT/THREAD: UTF-8, the
  // default of xtkjs; LATIN1/LATIN2 are Windows' code pages, ISOLATIN* the ISO ones).
  const FILE_CODE_PAGES = {CURRENT: 'utf-8', THREAD: 'utf-8', OEM: 'cp437', MAC: 'mac-roman', LATIN1: 'cp1252',
    LATIN2: 'cp1250', ISOLATIN1: 'iso-8859-1', ISOLATIN2: 'iso-8859-2', OEMLATIN1: 'cp850', OEMLATIN2: 'cp852',
    UTF7: 'utf-7', UTF8: 'utf-8', ISOLATIN9: 'iso-8859-15', OEMUS: 'cp437', SHIFTJIS: 'shift_jis', BIG5: 'big5',
    CHINESE: 'gbk', EUCKOREAN: 'euc-kr', UTF16LE: 'utf-16-le', UTF16BE: 'utf-16-be'};
  Object.keys(FILE_CODE_PAGES).forEach(function (k) {
    Object.defineProperty(File, 'CODEPAGE_' + k, {value: FILE_CODE_PAGES[k], enumerable: true});
  });
  function info(f) { return host.call('file.info', [f._name]); }
  const props = {
    exists: function (i) { return i.exists; },
    isFile: function (i) { return i.isFile; },
    isDirectory: function (i) { return i.isDirectory; },
    size: function (i) { return i.size; },
    canRead: function (i) { return i.canRead; },
    canWrite: function (i) { return i.canWrite; },
    fullName: function (i) { return i.fullName; },
    lastModified: function (i) { return i.lastModified === null ? null : new Date(i.lastModified); },
  };
  Object.keys(props).forEach(function (k) {
    Object.defineProperty(File.prototype, k, {get: function () { return props[k](info(this)); }, configurable: true});
  });
  Object.defineProperties(File.prototype, {
    name: {get: function () { return this._name.split('/').pop(); }, configurable: true},
    path: {get: function () {
      const i = this._name.lastIndexOf('/');
      return i < 0 ? '' : this._name.slice(0, i + 1);
    }, configurable: true},
    isOpen: {get: function () { return this._handle !== 0; }, configurable: true},
  });
  function opened(f, api) {
    if (f._handle === 0) throw new Error(api + ': ' + f._name + ' is not open (call open() first)');
    return f._handle;
  }
  define(File.prototype, 'open', function open(mode, codePage) {
    if (this._handle !== 0) host.call('file.close', [this._handle]);
    this._handle = 0;
    this._handle = host.call('file.open', [this._name, mode === undefined ? 'r' : String(mode), encoding(codePage)]);
    return true;
  });
  define(File.prototype, 'readln', function readln() { return host.call('file.readln', [opened(this, 'File.readln')]); });
  define(File.prototype, 'writeln', function writeln(text) {
    host.call('file.write', [opened(this, 'File.writeln'), text === undefined ? '' : String(text), true]);
  });
  define(File.prototype, 'write', function write(text) {
    host.call('file.write', [opened(this, 'File.write'), text === undefined ? '' : String(text), false]);
  });
  define(File.prototype, 'flush', function flush() { host.call('file.flush', [opened(this, 'File.flush')]); });
  define(File.prototype, 'close', function close() {
    if (this._handle !== 0) host.call('file.close', [this._handle]);
    this._handle = 0;
  });
  define(File.prototype, 'dispose', File.prototype.close);
  define(File.prototype, 'list', function list(pattern) {
    const dir = this._name.replace(/\/+$/, '');
    return host.call('file.list', [this._name, pattern === undefined ? null : String(pattern)]).map(function (n) {
      return new File(dir + '/' + n);
    });
  });
  define(File.prototype, 'remove', function remove() { this.close(); host.call('file.remove', [this._name]); });
  define(File.prototype, 'mkdir', function mkdir() { host.call('file.mkdir', [this._name]); });
  define(File.prototype, 'rmdir', function rmdir() { host.call('file.rmdir', [this._name]); });
  define(File.prototype, 'renameTo', function renameTo(target) {
    host.call('file.rename', [this._name, fileName(target, 'File.renameTo')]);
    this._name = target;
  });
  define(File.prototype, 'copyTo', function copyTo(target) {
    host.call('file.copy', [this._name, fileName(target, 'File.copyTo')]);
  });
  define(File.prototype, 'toString', function toString() { return this._name; });
  // `for each (var line in file)` (Campaign's reading loop) and for...of: the remaining lines.
  define(File.prototype, '__xtkjsEach', function () {
    const out = [];
    for (let line = this.readln(); line !== null; line = this.readln()) out.push(line);
    return out;
  });
  define(File.prototype, Symbol.iterator, function () { return this.__xtkjsEach()[Symbol.iterator](); });
  define(global, 'File', File);
})(globalThis);
