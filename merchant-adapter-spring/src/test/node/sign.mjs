// Signs one request with the web-bot-auth npm package (Cloudflare's Web Bot Auth signer), for the starter's
// WebBotAuthNpmSignerTests. Input: one JSON argument
//   {"url", "method", "jwk" (private Ed25519 JWK), "signatureAgent" (the header value, or null),
//    "components" (optional, e.g. ["@authority"]), "key" (optional: the signature label)}
// Output: JSON {"keyid", "headers": {field name: value}} of the signature fields to send.
import { signatureHeaders } from "web-bot-auth";
import { signerFromJWK } from "web-bot-auth/crypto";

const input = JSON.parse(process.argv[2]);
const headers = {};
if (input.signatureAgent) {
  headers["Signature-Agent"] = input.signatureAgent;
}
const request = new Request(input.url, { method: input.method, headers });
const signer = await signerFromJWK(input.jwk);
const now = Date.now();
// created = now, never a second earlier: a merchant that just started refuses signatures created before the
// second its nonce memory began (503 nonce_store_unavailable)
const params = { created: new Date(now), expires: new Date(now + 60_000) };
if (input.components) {
  // a component with parameters, e.g. {"name": "signature-agent", "parameters": {"key": "agent1"}}
  params.components = input.components.map((c) =>
    typeof c === "string" ? c : { name: c.name, parameters: new Map(Object.entries(c.parameters)) });
}
if (input.key) {
  params.key = input.key;
}
const signed = await signatureHeaders(request, signer, params);
process.stdout.write(JSON.stringify({ keyid: signer.keyid, headers: signed }));
