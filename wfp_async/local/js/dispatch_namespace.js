// The `dispatch_namespaces` binding of `wfp dev`: env.NAME.get(script, args, options) returns the tenant's
// fetcher, as Cloudflare's binding does. Tenant code comes from the Python emulator (the STORE service)
// through workerd's Worker Loader, cached under namespace/script@etag: a re-upload changes the etag, so
// the next request loads the new code; a deleted script is unknown at once.
const STORE = "http://store/_wfp/runtime";

function limitsOf(options) {
  const limits = options && options.limits;
  if (limits === undefined || limits === null) return undefined;
  if (typeof limits !== "object") throw new TypeError("options.limits must be an object");
  const out = {};
  for (const key of ["cpuMs", "subRequests"]) {
    if (limits[key] === undefined) continue;
    if (!Number.isInteger(limits[key]) || limits[key] <= 0) {
      throw new TypeError(`options.limits.${key} must be a positive integer`);
    }
    out[key] = limits[key];
  }
  return Object.keys(out).length ? out : undefined;
}

function bytes(base64) {
  const raw = atob(base64);
  const out = new Uint8Array(raw.length);
  for (let i = 0; i < raw.length; i++) out[i] = raw.charCodeAt(i);
  return out.buffer;
}

function workerCode(code, limits, store) {
  const modules = {};
  for (const [name, module] of Object.entries(code.modules)) {
    if ("data" in module) modules[name] = { data: bytes(module.data) };
    else if ("wasm" in module) modules[name] = { wasm: bytes(module.wasm) };
    else modules[name] = module;
  }
  const out = {
    compatibilityDate: code.compatibilityDate,
    compatibilityFlags: code.compatibilityFlags,
    mainModule: code.mainModule,
    modules,
    env: code.env,
  };
  if (limits) out.limits = limits;
  // A tenant with an assets binding reaches its own assets only: the wrapper module holds a key for them.
  if (code.storeBinding) out.env = { ...out.env, __WFP_STORE: store };
  return out;
}

class UserWorker {
  #env;
  #name;
  #limits;

  constructor(env, name, limits) {
    this.#env = env;
    this.#name = name;
    this.#limits = limits;
  }

  async fetch(input, init) {
    const request = new Request(input, init);
    const env = this.#env;
    const base = `${STORE}/${encodeURIComponent(env.NAMESPACE)}/${encodeURIComponent(this.#name)}`;
    // Gradual deployments: the store picks the version from the deployment's percentages, pinned by
    // Cloudflare-Workers-Version-Overrides or kept by Cloudflare-Workers-Version-Key when present.
    const ask = { "x-wfp-store-token": env.STORE_TOKEN };
    const overrides = request.headers.get("cloudflare-workers-version-overrides");
    const versionKey = request.headers.get("cloudflare-workers-version-key");
    if (overrides !== null) ask["x-wfp-version-overrides"] = overrides;
    if (versionKey !== null) ask["x-wfp-version-key"] = versionKey;
    const meta = await env.STORE.fetch(base, { headers: ask });
    if (meta.status === 404) {
      await meta.body?.cancel();
      throw new Error(`Worker not found: ${this.#name}`);
    }
    if (meta.status !== 200) {
      // A tenant wfp dev cannot run (a Python Worker, an unsupported binding type): a clear answer.
      return new Response(await meta.text(), {
        status: meta.status,
        headers: { "content-type": "text/plain; charset=utf-8", "x-wfp-dev-error": "1" },
      });
    }
    const info = await meta.json();
    const version = info.version ? `version=${encodeURIComponent(info.version)}` : "";
    if (info.assets && (request.method === "GET" || request.method === "HEAD")) {
      const url = new URL(request.url);
      const headers = new Headers(request.headers);
      headers.set("x-wfp-query", url.search.slice(1));
      headers.set("x-wfp-store-token", env.STORE_TOKEN);
      const asset = await env.STORE.fetch(`${base}/assets?path=${encodeURIComponent(url.pathname)}&${version}`, {
        method: request.method,
        headers,
        redirect: "manual",
      });
      const verdict = asset.headers.get("x-wfp-asset");
      if (verdict === "hit" || verdict === "redirect") {
        const answer = new Headers(asset.headers);
        answer.delete("x-wfp-asset");
        return new Response(asset.body, { status: asset.status, headers: answer });
      }
      await asset.body?.cancel();
    }
    const limits = this.#limits;
    const key = `${env.NAMESPACE}/${this.#name}@${info.etag}${limits ? JSON.stringify(limits) : ""}`;
    const worker = env.LOADER.get(key, async () => {
      const answer = await env.STORE.fetch(`${base}/code?etag=${info.etag}&${version}`, {
        headers: { "x-wfp-store-token": env.STORE_TOKEN },
      });
      if (answer.status !== 200) throw new Error(`wfp dev could not load ${this.#name}: ${await answer.text()}`);
      return workerCode(await answer.json(), limits, env.STORE);
    });
    return worker.getEntrypoint().fetch(request);
  }

  connect() {
    throw new Error("wfp dev: connect() on a dispatched Worker is not supported");
  }
}

class DispatchNamespace {
  #env;

  constructor(env) {
    this.#env = env;
  }

  get(name, args, options) {
    if (typeof name !== "string" || name === "") throw new TypeError("get() needs a script name");
    return new UserWorker(this.#env, name, limitsOf(options));
  }
}

export default function makeDispatchNamespace(env) {
  return new DispatchNamespace(env);
}
