// A real OpenID provider for the route tests: oidc-provider (a certified implementation) on a
// free port of 127.0.0.1, with one confidential client and the people the tests sign in as.
// Usage: node provider.mjs CONFIG_JSON, where CONFIG_JSON is
//   {"client_id": "...", "client_secret": "...", "redirect_uris": ["..."],
//    "people": {"login": {"email": "...", "email_verified": true, "name": "..."}}}
// It prints "listening PORT" once it answers, and serves until it is killed. Its login form
// takes any password; a login not among the people signs in with no email at all.
import Provider from 'oidc-provider';
import { createServer } from 'node:http';

const config = JSON.parse(process.argv[2]);
// Standard output says only where it listens; oidc-provider's notices go with its warnings.
console.info = console.warn;
const server = createServer();
await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
const { port } = server.address();

const provider = new Provider(`http://127.0.0.1:${port}`, {
  clients: [{
    client_id: config.client_id,
    client_secret: config.client_secret,
    redirect_uris: config.redirect_uris,
    grant_types: ['authorization_code'],
    response_types: ['code'],
    token_endpoint_auth_method: 'client_secret_basic',
  }],
  // `xms_edov` stands for Entra ID's optional claim of that name.
  claims: { openid: ['sub'], email: ['email', 'email_verified', 'xms_edov'], profile: ['name'] },
  pkce: { required: () => true },
  // The claims of the scopes granted go in the ID token, as Google and Entra ID send them
  // (oidc-provider otherwise keeps them for the userinfo endpoint).
  conformIdTokenClaims: false,
  features: { devInteractions: { enabled: true } },
  cookies: { keys: ['collaborate route tests only'] },
  async findAccount(ctx, sub) {
    const person = config.people[sub] ?? {};
    return { accountId: sub, async claims() { return { sub, ...person }; } };
  },
});
server.on('request', provider.callback());
console.log(`listening ${port}`);
