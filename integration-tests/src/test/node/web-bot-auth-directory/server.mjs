// A Web Bot Auth key directory for the integration tests, signed with Cloudflare's npm `web-bot-auth` package
// (draft-meunier-http-message-signatures-directory: media type, response signature over "@authority";req).
// It generates two Ed25519 keys, listens on 127.0.0.1 (port from argv[2], 0 = any), prints one JSON line
// {"port", "keys": [public JWKs], "privateKeys": [private JWKs]} (the test plays the agent's operator, who holds
// them, e.g. to sign actor tokens) and serves:
//   GET  /.well-known/http-message-signatures-directory   the current keys, signed by the first
//   POST /drop                                             removes the last key (a key leaving the directory)
//   POST /sign {"url", "method", "key": index of the key as first printed, "signatureAgent"?, "authorization"?}
//        signs that request as a Web Bot Auth agent with the package's own signer (signatureHeaders: tag
//        web-bot-auth, @authority, when sent the whole Signature-Agent field, and Authorization) and answers
//        {"keyid", "headers": {"Signature-Input", "Signature", "Signature-Agent"?}} (a dropped key still signs)
import http from "node:http";
import { generateKeyPairSync } from "node:crypto";
import { directoryResponseHeaders, signatureHeaders } from "web-bot-auth";
import { signerFromJWK } from "web-bot-auth/crypto";

const DIRECTORY = "/.well-known/http-message-signatures-directory";
const MEDIA_TYPE = "application/http-message-signatures-directory+json";

function newKey() {
  const { privateKey } = generateKeyPairSync("ed25519");
  return privateKey.export({ format: "jwk" });
}

const keys = [newKey(), newKey()];
const signingKeys = [...keys];
const publicJwk = ({ kty, crv, x }) => ({ kty, crv, x });

async function directory(req, port) {
  const signer = await signerFromJWK(keys[0]);
  const url = `http://127.0.0.1:${port}${DIRECTORY}`;
  const body = JSON.stringify({ keys: keys.map(publicJwk) });
  const now = Date.now();
  const headers = await directoryResponseHeaders(
    { request: { method: "GET", url, headers: req.headers }, response: { status: 200, headers: {} } },
    [signer],
    { created: new Date(now), expires: new Date(now + 300_000) },
  );
  return { body, headers };
}

const server = http.createServer(async (req, res) => {
  try {
    const port = server.address().port;
    if (req.method === "GET" && req.url === DIRECTORY) {
      const { body, headers } = await directory(req, port);
      res.writeHead(200, {
        "Content-Type": MEDIA_TYPE,
        "Cache-Control": "max-age=120",
        "Signature-Input": headers["Signature-Input"],
        Signature: headers.Signature,
      });
      res.end(body);
    } else if (req.method === "POST" && req.url === "/sign") {
      const chunks = [];
      for await (const chunk of req) chunks.push(chunk);
      const input = JSON.parse(Buffer.concat(chunks).toString("utf8"));
      const headers = {};
      const components = ["@authority"];
      if (input.signatureAgent) {
        headers["Signature-Agent"] = input.signatureAgent;
        components.push("signature-agent");
      }
      if (input.authorization) {
        headers.Authorization = input.authorization;
        components.push("authorization");
      }
      const signer = await signerFromJWK(signingKeys[input.key]);
      const now = Date.now();
      const signed = await signatureHeaders(new Request(input.url, { method: input.method, headers }), signer,
        { created: new Date(now), expires: new Date(now + 60_000), components });
      const body = JSON.stringify({ keyid: signer.keyid, headers: { ...signed, ...headers } });
      res.writeHead(200, { "Content-Type": "application/json" }).end(body);
    } else if (req.method === "POST" && req.url === "/drop") {
      if (keys.length > 1) keys.pop();
      res.writeHead(204).end();
    } else {
      res.writeHead(404).end();
    }
  } catch (error) {
    res.writeHead(500, { "Content-Type": "text/plain" }).end(String(error && error.stack));
  }
});

server.listen(Number(process.argv[2] ?? 0), "127.0.0.1", () => {
  console.log(JSON.stringify({ port: server.address().port, keys: keys.map(publicJwk), privateKeys: keys }));
});
