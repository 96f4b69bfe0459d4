// The globals a service-worker tenant sees (placeholders are filled in by _code.py).
export const listeners = {};
Object.assign(globalThis, "__WFP_ENV__");
globalThis.addEventListener = (type, listener) => { (listeners[type] ??= []).push(listener); };
