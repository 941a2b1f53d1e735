import type { EmulatorWorld } from '../world';
import type { ResolvedIdentityOptions } from './identity-options';
import type { JwtSigner } from './jwt-signer';
import type { TokenIssuer } from './token-issuer';
import type { TokenStore } from './token-store';

/** What the endpoints share. `world()` is read per request: the world object is replaced on reset. */
export interface IdentityContext {
  world(): EmulatorWorld;
  options: ResolvedIdentityOptions;
  signer: JwtSigner;
  store: TokenStore;
  issuer: TokenIssuer;
}
