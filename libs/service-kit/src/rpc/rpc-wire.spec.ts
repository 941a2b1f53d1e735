import { ErrorCode, listEnvelopeJson } from '@dua/unified-models';
import { RPC_FRAME_HEADER, RPC_STATUS_HEADER } from './rpc-framing';
import { RpcReplySerializer } from './rpc-wire';

const text = (data: Uint8Array) => Buffer.from(data).toString('utf8');

describe('the reply wire format', () => {
  const serializer = new RpcReplySerializer();

  it('sends a result as its own JSON, marked ok, so the gateway can forward the bytes', () => {
    const reply = serializer.serialize({ response: { result: [{ id: 'a' }], next_cursor: null }, isDisposed: true });
    expect(reply.headers.get(RPC_STATUS_HEADER)).toBe('ok');
    expect(reply.headers.get(RPC_FRAME_HEADER)).toBe('final');
    expect(text(reply.data)).toBe('{"result":[{"id":"a"}],"next_cursor":null}');
  });

  it('sends a result already serialized as its bytes, not as a serialized object', () => {
    const page = listEnvelopeJson([Buffer.from('{"id":"a"}')], null);
    const reply = serializer.serialize({ response: page, isDisposed: true });
    expect(reply.headers.get(RPC_STATUS_HEADER)).toBe('ok');
    expect(text(reply.data)).toBe('{"result":[{"id":"a"}],"next_cursor":null,"result_count":1}');
  });

  it('sends a typed error as JSON, marked error', () => {
    const reply = serializer.serialize({ err: { code: ErrorCode.NOT_FOUND, message: 'gone' }, isDisposed: true });
    expect(reply.headers.get(RPC_STATUS_HEADER)).toBe('error');
    expect(JSON.parse(text(reply.data))).toEqual({ code: 'NOT_FOUND', message: 'gone' });
  });

  it('sends an empty result as null rather than nothing', () => {
    expect(text(serializer.serialize({ response: undefined, isDisposed: true }).data)).toBe('null');
  });
});
