'use strict';
// A DX script test plugin: answers like the WASM and native echo plugins, and tries on request everything a script
// plugin must not be able to do (and the allowed twin of each), so that tests can check what the sandbox lets through.
const fs = require('fs');
const path = require('path');

const VERSION = 1;

function attempt(how, port) {
    switch (how) {
        case 'net': return require('net').connect(port, '127.0.0.1');
        case 'socket-class': {
            // a socket class reached without the net module's functions
            const Socket = Object.getPrototypeOf(require('tls').TLSSocket);
            return new Socket().connect(port, '127.0.0.1');
        }
        case 'http': return require('http').get('http://127.0.0.1:' + port + '/');
        case 'listen': return require('http').createServer().listen(0);
        case 'udp': return require('dgram').createSocket('udp4');
        case 'dns': return require('dns').lookup('example.com', () => { });
        case 'fetch': return fetch('http://127.0.0.1:' + port + '/');
        case 'binding': return process.binding('tcp_wrap');
        default: throw new Error('unknown attempt ' + how);
    }
}

function echo(input) {
    return { content: 'script echo', details: input };
}

module.exports = {
    'tool:echo': echo,
    // any other tool whose name ends in echo, so that tests can install it under several tool names
    invoke: (name, input) => {
        if (/^tool:.*echo$/.test(name)) {
            return echo(input);
        }
        const e = new Error('the plugin has no export ' + name);
        e.dxKind = 'INVALID';
        throw e;
    },
    'hook:message.inbound': () => ({ veto: false }),
    'hook:tool.before': (input) => input.event && input.event.tool === 'forbidden'
        ? { veto: true, reason: 'forbidden tool' } : { veto: false },
    'method:version': () => ({ result: 'script ver=' + VERSION }),
    'method:pid': () => ({ result: process.pid }),
    'method:log': (input, dx) => {
        dx.log('hello from the script');
        console.log('console goes to the log too');
        return { result: 'logged' };
    },
    'method:throw': () => {
        throw new Error('asked to throw');
    },
    'method:spin': () => {
        for (; ;) {
            // a busy loop only a kill stops
        }
    },
    'method:crash': () => process.exit(3),
    'method:alloc': () => {
        const hog = [];
        for (; ;) {
            hog.push(new Array(1 << 16).fill(hog.length));
        }
    },
    'method:read': (input) => ({ result: fs.readFileSync(input.params.path, 'utf8') }),
    'method:readOwn': () => ({ result: fs.readFileSync(path.join(__dirname, 'data.txt'), 'utf8').trim() }),
    'method:write': (input) => {
        fs.writeFileSync(input.params.path, 'written by the plugin');
        return { result: 'written' };
    },
    'method:worker': () => { new (require('worker_threads').Worker)('', { eval: true }); return { result: 'worker' }; },
    // WASI with a preopened root would read any file past the fs permissions.
    'method:wasi': () => { new (require('wasi').WASI)({ version: 'preview1', preopens: { '/': '/' } }); return { result: 'wasi' }; },
    'method:spawn': () => ({ result: String(require('child_process').execFileSync('/bin/echo', ['spawned'])).trim() }),
    'method:socket': (input) => {
        attempt(input.params.how, input.params.port);
        return { result: 'opened' };
    },
    'method:importNet': async (input) => {
        const net = await import('node:net');
        net.connect(input.params.port, '127.0.0.1');
        return { result: 'opened' };
    },
    'method:fetch': async (input, dx) => ({ result: await dx.http({ url: input.params.url }) }),
    'method:put': async (input, dx) => {
        await dx.kv.set('state', JSON.stringify(input.params));
        return { result: { stored: true } };
    },
    'method:get': async (input, dx) => {
        const v = await dx.kv.get('state');
        return { result: v == null ? null : JSON.parse(v) };
    }
};
