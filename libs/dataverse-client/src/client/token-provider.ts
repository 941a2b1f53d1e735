/**
 * Where a client gets its access tokens. The library stores no credentials: the caller (crm-service asking
 * auth-service over NATS, a test minting tokens) decides how tokens are made and refreshed.
 */
export interface TokenProvider {
  getToken(): Promise<string>;
  /** Called once after Dataverse answered 401 to `rejectedToken`; returns a fresh token. */
  refresh(rejectedToken: string): Promise<string>;
}
