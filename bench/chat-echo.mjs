import { WebSocketServer } from 'ws';

/**
 * The baseline of bench/chat.ts: a bare `ws` server that echoes every frame, in a process of
 * its own like the Baton under test. Prints its port.
 */
const server = new WebSocketServer({ port: 0, host: '127.0.0.1', perMessageDeflate: false });
server.on('connection', (socket) => socket.on('message', (data) => socket.send(String(data))));
server.on('listening', () => process.stdout.write(`${server.address().port}\n`));
