// Runs a service-worker tenant as an ES module: globals first, then the script, then dispatch.
import { listeners } from "__WFP_GLOBALS__";
import "__WFP_BODY__";
export default {
  async fetch(request, env, ctx) {
    let answer;
    const event = {
      type: 'fetch', request,
      respondWith(response) { answer = response; },
      waitUntil(promise) { ctx.waitUntil(promise); },
      passThroughOnException() {},
    };
    for (const listener of listeners.fetch ?? []) {
      listener(event);
      if (answer !== undefined) break;
    }
    if (answer === undefined) throw new Error('the service worker did not call respondWith()');
    return await answer;
  },
};
