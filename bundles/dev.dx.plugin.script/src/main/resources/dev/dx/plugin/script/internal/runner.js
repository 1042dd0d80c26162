'use strict';
// DX script plugin runner: loads one plugin's entry module and serves newline-delimited JSON-RPC 2.0 over stdio.
// Started by the script runtime as `node <permission flags> runner.js <entry>`; see package-info.java of
// dev.dx.plugin.script.internal for the protocol. Everything here runs before any plugin code, so whatever it takes
// away the plugin never sees.
const fs = require('fs');
const path = require('path');
const url = require('url');
const { Writable } = require('stream');

const entry = process.argv[2];
const writeSync = fs.writeSync;

function send(msg) {
    const b = Buffer.from(JSON.stringify(msg) + '\n', 'utf8');
    for (let off = 0; off < b.length;) {
        off += writeSync(1, b, off, b.length - off);
    }
}

function notify(method, params) {
    send({ jsonrpc: '2.0', method, params });
}

function denied(what) {
    const e = new Error(what + ' is denied to DX script plugins');
    e.code = 'ERR_ACCESS_DENIED';
    return e;
}

// Network: Node's permission model (20, 22) does not cover sockets, so every way plugin code could open one is
// replaced by a function that throws, before that code loads. The choke points are the prototype methods every
// client and server goes through (net.Socket#connect, net.Server#listen and #_listen2), the module functions that
// make raw handles (net._createServerHandle, dgram), DNS, and the globals built on them. process.binding, addons,
// workers, child processes and the inspector are already refused by the permission model itself.
function lockNetwork() {
    const deny = (what) => function () {
        throw denied(what);
    };
    const net = require('net');
    net.Socket.prototype.connect = deny('net.Socket#connect (opening a socket)');
    net.Server.prototype.listen = deny('net.Server#listen (opening a socket)');
    net.Server.prototype._listen2 = deny('net.Server#_listen2 (opening a socket)');
    for (const k of ['connect', 'createConnection', 'createServer', '_createServerHandle']) {
        net[k] = deny('net.' + k + ' (opening a socket)');
    }
    const dgram = require('dgram');
    for (const k of ['bind', 'connect', 'send']) {
        dgram.Socket.prototype[k] = deny('dgram.Socket#' + k + ' (opening a socket)');
    }
    for (const k of ['createSocket', 'Socket', '_createSocketHandle']) {
        dgram[k] = deny('dgram.' + k + ' (opening a socket)');
    }
    const dns = require('dns');
    for (const api of [dns, dns.promises]) {
        for (const k of Object.keys(api)) {
            if (typeof api[k] === 'function' && k !== 'Resolver') {
                api[k] = deny('dns.' + k);
            }
        }
        for (const k of Object.getOwnPropertyNames(api.Resolver.prototype)) {
            if (k !== 'constructor') {
                api.Resolver.prototype[k] = deny('dns.Resolver#' + k);
            }
        }
    }
    for (const g of ['fetch', 'WebSocket', 'EventSource']) {
        delete globalThis[g];
    }
    // import('node:net') and friends see the same replacements
    require('module').syncBuiltinESMExports();
}

// Standard streams: fd 1 carries the protocol; the plugin's output goes to the host's log instead. fd 0 and 1 are
// used through fs only, so no socket object over them is ever made for plugin code to take apart.
function redirectStreams() {
    const logStream = (level) => new Writable({
        write(chunk, encoding, done) {
            notify('dx.log', { level, message: String(chunk).replace(/\n$/, '') });
            done();
        }
    });
    const out = logStream('info');
    const err = logStream('warn');
    Object.defineProperty(process, 'stdout', { get: () => out, configurable: false, enumerable: true });
    Object.defineProperty(process, 'stderr', { get: () => err, configurable: false, enumerable: true });
    Object.defineProperty(process, 'stdin', {
        get: () => {
            throw denied('process.stdin');
        }, configurable: false, enumerable: true
    });
}

const pending = new Map();
let seq = 0;

function hostCall(method, params) {
    return new Promise((resolve, reject) => {
        const id = 'h' + (++seq);
        pending.set(id, { resolve, reject });
        send({ jsonrpc: '2.0', id, method, params });
    });
}

// What a plugin gets as its second argument.
const dx = Object.freeze({
    log: (level, message) => {
        if (message === undefined) {
            message = level;
            level = 'info';
        }
        notify('dx.log', { level: String(level), message: String(message) });
    },
    kv: Object.freeze({
        get: (key) => hostCall('dx.kv.get', { key: String(key) }).then((r) => r.value),
        set: (key, value) => hostCall('dx.kv.set', { key: String(key), value: value == null ? null : String(value) })
            .then(() => undefined)
    }),
    // HTTP through the host: the manifest's granted hosts, public addresses only, redirects checked
    http: (request) => hostCall('dx.http', request)
});

function describe(e) {
    if (e instanceof Error) {
        return (e.code ? e.code + ': ' : '') + e.message;
    }
    return String(e);
}

function kindOf(e) {
    if (e && e.code === 'ERR_ACCESS_DENIED') {
        return 'DENIED';
    }
    return e && typeof e.dxKind === 'string' ? e.dxKind : 'TRAP';
}

let plugin;

async function invoke(id, params) {
    const name = params.export;
    try {
        let fn = typeof plugin[name] === 'function' ? plugin[name] : null;
        if (fn === null && typeof plugin.invoke === 'function') {
            fn = (input, api) => plugin.invoke(name, input, api);
        }
        if (fn === null) {
            const e = new Error('the plugin has no export ' + name);
            e.dxKind = 'INVALID';
            throw e;
        }
        const result = await fn(params.input, dx);
        send({ jsonrpc: '2.0', id, result: result === undefined ? null : result });
    } catch (e) {
        send({ jsonrpc: '2.0', id, error: { code: -32000, message: describe(e), data: { kind: kindOf(e) } } });
    }
}

function dispatch(msg) {
    if (msg.method === 'invoke') {
        invoke(msg.id, msg.params);
        return;
    }
    const p = typeof msg.id === 'string' ? pending.get(msg.id) : undefined;
    if (p) {
        pending.delete(msg.id);
        if (msg.error) {
            const e = new Error(msg.error.message);
            if (msg.error.data && msg.error.data.kind === 'DENIED') {
                e.code = 'ERR_ACCESS_DENIED';
            }
            p.reject(e);
        } else {
            p.resolve(msg.result);
        }
    }
}

function serve() {
    let buffered = '';
    const input = fs.createReadStream(null, { fd: 0, encoding: 'utf8' });
    input.on('data', (chunk) => {
        buffered += chunk;
        let nl;
        while ((nl = buffered.indexOf('\n')) >= 0) {
            const line = buffered.slice(0, nl);
            buffered = buffered.slice(nl + 1);
            if (line.length > 0) {
                dispatch(JSON.parse(line));
            }
        }
    });
    // the host closed the pipe or is gone: a plugin never outlives its host
    input.on('end', () => process.exit(0));
    input.on('error', () => process.exit(0));
}

async function main() {
    lockNetwork();
    redirectStreams();
    serve();
    try {
        const m = path.extname(entry) === '.mjs' ? await import(url.pathToFileURL(entry).href) : require(entry);
        plugin = m && m.default && typeof m.default === 'object' ? m.default : m;
        if (!plugin || (typeof plugin !== 'object' && typeof plugin !== 'function')) {
            throw new Error('the entry module exports nothing to call');
        }
    } catch (e) {
        notify('failed', { message: describe(e) });
        process.exit(1);
    }
    const exports = Object.keys(plugin).filter((k) => typeof plugin[k] === 'function');
    notify('ready', { exports, node: process.version });
}

main();
