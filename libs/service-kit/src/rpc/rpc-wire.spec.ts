import { ErrorCode } from '@dua/unified-models';
import { LIST_ITEMS_PER_PIECE, LONG_LIST_ITEMS } from './json-pieces';
import { RpcReply, RpcReplySerializer } from './rpc-wire';

const text = (data: Uint8Array) => Buffer.from(data).toString('utf8');
const bodyOf = (reply: RpcReply) => {
  if (!('body' in reply)) throw new Error('expected a whole body');
  return text(reply.body);
};

describe('the reply wire format', () => {
  const serializer = new RpcReplySerializer();

  it('sends a result as its own JSON, marked ok, so the gateway can forward the bytes', () => {
    const reply = serializer.serialize({ response: { result: [{ id: 'a' }], next_cursor: null }, isDisposed: true });
    expect(reply.status).toBe('ok');
    expect(bodyOf(reply)).toBe('{"result":[{"id":"a"}],"next_cursor":null}');
  });

  it('sends a typed error as JSON, marked error', () => {
    const reply = serializer.serialize({ err: { code: ErrorCode.NOT_FOUND, message: 'gone' }, isDisposed: true });
    expect(reply.status).toBe('error');
    expect(JSON.parse(bodyOf(reply))).toEqual({ code: 'NOT_FOUND', message: 'gone' });
  });

  it('sends an empty result as null rather than nothing', () => {
    expect(bodyOf(serializer.serialize({ response: undefined, isDisposed: true }))).toBe('null');
  });

  it('sends a long list in encoded pieces, made as they are pulled, that add up to the same JSON', () => {
    const count = LONG_LIST_ITEMS + 1;
    const page = { result: Array.from({ length: count }, (_, i) => ({ id: `c${i}`, name: 'Zoë ☃' })), next_cursor: 'n', result_count: count };
    const expected = JSON.stringify(page);
    const reply = serializer.serialize({ response: page, isDisposed: true });
    if (!('pieces' in reply)) throw new Error('expected pieces');
    expect(reply.status).toBe('ok');
    const pieces = [...reply.pieces];
    expect(pieces).toHaveLength(Math.ceil(count / LIST_ITEMS_PER_PIECE));
    expect(Buffer.concat(pieces).toString('utf8')).toBe(expected);
  });
});
