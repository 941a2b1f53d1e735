/** Who is asking, carried with every request a service receives. */
export interface CallContext {
  request_id: string;
  /** The caller's environment, once the gateway has resolved its API key. */
  environment_id?: string;
}

/** The data of every NATS request: the call context and the operation's own payload. */
export interface RpcRequest<Payload = unknown> {
  context: CallContext;
  payload: Payload;
}
