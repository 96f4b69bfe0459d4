// The built-in dispatcher of `wfp dev`, used without --dispatcher. The tenant is the first host label
// (http://acme.localhost:8788/path) or, for a bare host such as 127.0.0.1 or localhost, the first path
// segment, which is removed before the tenant sees the request (http://127.0.0.1:8788/acme/path -> /path).
function route(request) {
  const url = new URL(request.url);
  const host = url.hostname;
  const isAddress = /^[0-9.]+$/.test(host) || host.includes(":") || host.startsWith("[");
  const labels = host.split(".");
  if (!isAddress && labels.length > 1 && labels[0] !== "") {
    return { name: labels[0], request };
  }
  const match = /^\/([^/]+)(\/.*)?$/.exec(url.pathname);
  if (match === null) return { name: null, request };
  url.pathname = match[2] ?? "/";
  return { name: decodeURIComponent(match[1]), request: new Request(url, request) };
}

export default {
  async fetch(request, env) {
    const { name, request: forwarded } = route(request);
    if (name === null) {
      return new Response("wfp dev: name the tenant: http://NAME.localhost:PORT/ or http://127.0.0.1:PORT/NAME/\n", {
        status: 404,
        headers: { "content-type": "text/plain; charset=utf-8" },
      });
    }
    try {
      return await env.DISPATCHER.get(name).fetch(forwarded);
    } catch (error) {
      const text = String(error && error.message ? error.message : error);
      const status = text.startsWith("Worker not found") ? 404 : 500;
      return new Response(`${text}\n`, { status, headers: { "content-type": "text/plain; charset=utf-8" } });
    }
  },
};
