import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { ConfigError, ConfigReader } from '../config/config-reader';
import { natsMessageDuration, readMetricsListenerConfig, startMetricsListener } from './service-metrics';

describe('the metrics listener', () => {
  const token = 'metrics-token-0123456789';
  let server: Server;
  let url: string;

  beforeAll(async () => {
    server = await startMetricsListener({ port: 0, host: '127.0.0.1', token });
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterAll(() => new Promise((resolve) => server.close(resolve)));

  it('serves the Prometheus text to the metrics token only', async () => {
    natsMessageDuration.observe({ subject: 'crm.contacts.list', outcome: 'ok' }, 0.004);
    expect((await fetch(`${url}/metrics`)).status).toBe(401);
    expect((await fetch(`${url}/metrics`, { headers: { authorization: 'Bearer wrong' } })).status).toBe(401);
    expect((await fetch(`${url}/other`, { headers: { authorization: `Bearer ${token}` } })).status).toBe(404);
    const response = await fetch(`${url}/metrics`, { headers: { authorization: `Bearer ${token}` } });
    expect(response.status).toBe(200);
    const text = await response.text();
    expect(text).toContain('nats_message_duration_seconds_count{subject="crm.contacts.list",outcome="ok"} 1');
    expect(text).toContain('# TYPE process_resident_memory_bytes gauge');
  });

  it.each([
    [{}, undefined],
    [{ METRICS_PORT: '0' }, undefined],
    [{ METRICS_PORT: '9464', METRICS_TOKEN: token }, { port: 9464, host: '0.0.0.0', token }],
    [{ METRICS_PORT: '9464', METRICS_HOST: '127.0.0.1', METRICS_TOKEN: token }, { port: 9464, host: '127.0.0.1', token }],
  ])('reads %j', (env, expected) => {
    const reader = new ConfigReader(env);
    expect(readMetricsListenerConfig(reader)).toEqual(expected);
    reader.done();
  });

  it.each([[{ METRICS_PORT: '9464' }], [{ METRICS_PORT: '9464', METRICS_TOKEN: 'short' }], [{ METRICS_PORT: '70000', METRICS_TOKEN: token }]])(
    'refuses %j, naming the variable',
    (env) => {
      const reader = new ConfigReader(env);
      readMetricsListenerConfig(reader);
      expect(() => reader.done()).toThrow(ConfigError);
      expect(() => reader.done()).toThrow(/METRICS_(TOKEN|PORT)/);
    },
  );
});
