// @ts-check
// Starting and stopping what the product needs (NATS, Postgres, our services), shared by `npm start`, `npm test`,
// the end-to-end harness and the benchmark.
module.exports = {
  ...require('./free-port'),
  ...require('./child-processes'),
  ...require('./nats-server'),
  ...require('./nats-permissions'),
  ...require('./postgres'),
  ...require('./connect-headless'),
  ...require('./app-node-flags'),
};
