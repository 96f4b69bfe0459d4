// Runs an ES-module tenant with env[name].fetch() serving its own assets from the store.
import * as tenant from "__WFP_MAIN__";
const BASE = "__WFP_BASE__";
const KEY = "__WFP_KEY__";
const NAMES = "__WFP_NAMES__";
function assets(store) {
  return {
    async fetch(input, init) {
      const request = new Request(input, init);
      const url = new URL(request.url);
      const headers = new Headers(request.headers);
      headers.set('x-wfp-assets-key', KEY);
      headers.set('x-wfp-query', url.search.slice(1));
      const where = `${BASE}?binding=1&path=${encodeURIComponent(url.pathname)}`;
      const answer = await store.fetch(where,
        { method: request.method === 'HEAD' ? 'HEAD' : 'GET', headers, redirect: 'manual' });
      const out = new Headers(answer.headers);
      out.delete('x-wfp-asset');
      return new Response(answer.body, { status: answer.status, headers: out });
    },
  };
}
function tenantEnv(env) {
  const { __WFP_STORE: store, ...rest } = env;
  for (const name of NAMES) rest[name] = assets(store);
  return rest;
}
const handler = tenant.default;
export default {
  fetch(request, env, ctx) {
    if (!handler || typeof handler.fetch !== 'function') {
      throw new Error('wfp dev: env.ASSETS needs an object default export with fetch()');
    }
    return handler.fetch(request, tenantEnv(env), ctx);
  },
};
