"""Pure: how to point each client at an emulator (our SDK, the official SDKs, wrangler, curl).

``client_guide("http://127.0.0.1:8787/client/v4", account_id="emu-account", token="emu-token")``
returns the text ``wfp dev --print-clients`` prints and ``GET /_wfp/clients`` answers.
"""

from __future__ import annotations


def client_guide(api_url: str, *, account_id: str, token: str | None, dispatch_url: str | None = None) -> str:
    """The snippets, one block per client, filled in with this emulator's URL, account and token."""
    token = token or "emu-token"
    ns = "tenants"
    scripts = f"{api_url}/accounts/{account_id}/workers/dispatch/namespaces"
    blocks = [
        "# wfp-async (this SDK)\n"
        f"WfpClient(account_id={account_id!r}, api_token={token!r}, base_url={api_url!r})",
        f"# cloudflare (the official Python SDK)\nAsyncCloudflare(api_token={token!r}, base_url={api_url!r})",
        "# cloudflare (the official TypeScript SDK)\n"
        f'new Cloudflare({{ apiToken: "{token}", baseURL: "{api_url}" }})',
        "# cloudflare-go (the official Go SDK)\n"
        f'cloudflare.NewClient(option.WithAPIToken("{token}"), option.WithBaseURL("{api_url}/"))',
        "# wrangler\n"
        f"CLOUDFLARE_API_BASE_URL={api_url} CLOUDFLARE_API_TOKEN={token} \\\n"
        f"  CLOUDFLARE_ACCOUNT_ID={account_id} npx wrangler deploy --dispatch-namespace {ns}",
        f'# curl\ncurl -H "Authorization: Bearer {token}" {scripts}',
    ]
    if dispatch_url is not None:
        blocks.append(
            f"# your tenants (built-in router)\ncurl {dispatch_url}/SCRIPT/   # or http://SCRIPT.localhost:PORT/"
        )
    return "\n\n".join(blocks) + "\n"
