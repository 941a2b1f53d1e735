import type { MessageHandler } from '@nestjs/microservices';
import type { NatsConnection } from 'nats';
import { DrainingNatsServer } from './draining-nats-server';
import { RpcReplySerializer } from './rpc-wire';

function subscribedServer(subjects: string[]): { server: DrainingNatsServer; handlers: Map<string, MessageHandler> } {
  const server = new DrainingNatsServer({ queue: 'crm-service', serializer: new RpcReplySerializer() }, 1_000);
  const handlers = new Map<string, MessageHandler>();
  for (const subject of subjects) {
    const handler = (async () => subject) as unknown as MessageHandler;
    handlers.set(subject, handler);
    server.addHandler(subject, handler);
  }
  server.bindEvents({ subscribe: () => ({ drain: async () => undefined }) } as unknown as NatsConnection);
  return { server, handlers };
}

describe('DrainingNatsServer routes', () => {
  it('finds the handler of each subscribed subject without parsing the subject as JSON', () => {
    const { server, handlers } = subscribedServer(['crm.contacts.create', 'auth.idempotency.begin']);
    const parse = jest.spyOn(JSON, 'parse');
    try {
      for (const [subject, handler] of handlers) expect(server.getHandlerByPattern(subject)).toBe(handler);
      expect(parse).not.toHaveBeenCalled();
    } finally {
      parse.mockRestore();
    }
  });

  it('routes any other pattern the way Nest does', () => {
    const { server } = subscribedServer(['crm.contacts.create']);
    expect(server.getRouteFromPattern('{"cmd":"sum","role":"math"}')).toBe('{"cmd":"sum","role":"math"}');
    expect(server.getRouteFromPattern('{"role":"math","cmd":"sum"}')).toBe('{"cmd":"sum","role":"math"}');
    expect(server.getHandlerByPattern('crm.contacts.delete')).toBeNull();
  });
});
