/** Who is asking, carried with every request a service receives. */
export interface CallContext {
  request_id: string;
  /** The caller's environment, once the gateway has resolved its API key. */
  environment_id?: string;
  /** When the gateway signed this context (epoch milliseconds). */
  issued_at?: number;
  /**
   * The gateway's HMAC over the request id, environment and `issued_at` (`CALL_CONTEXT_SIGNING_KEY`): services forward
   * the context unchanged, and auth-service hands out tokens only for a context the gateway signed recently, so no
   * other identity on the bus can set the environment.
   */
  signature?: string;
}

/** The data of every NATS request: the call context and the operation's own payload. */
export interface RpcRequest<Payload = unknown> {
  context: CallContext;
  payload: Payload;
}
