// The baseline for bench:sms: a bare restify 11 server, one POST route that validates nothing,
// stores nothing and answers an empty TwiML response. What Lantern's webhook costs is measured
// against this, on the same machine, with the same load generator.
import restify from 'restify';

const port = Number(process.env.PORT ?? 0);
const server = restify.createServer({ name: 'baseline', handleUncaughtExceptions: false });

server.post('/api/sms/inbound', (_req, res, next) => {
  res.setHeader('Content-Type', 'text/xml');
  res.sendRaw(200, '<Response/>');
  next();
});

// For the harness to know it is up; not part of what is measured.
server.get('/healthz', (_req, res, next) => {
  res.send(200, { status: 'ok' });
  next();
});

server.listen(port, '127.0.0.1', () => {
  console.log(JSON.stringify({ listening: server.address().port }));
});

process.once('SIGTERM', () => {
  server.server.closeAllConnections();
  server.close(() => process.exit(0));
});
