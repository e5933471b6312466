// A Web Bot Auth key directory for the integration tests, signed with Cloudflare's npm `web-bot-auth` package
// (draft-meunier-http-message-signatures-directory: media type, response signature over "@authority";req).
// It generates two Ed25519 keys, listens on 127.0.0.1 (port from argv[2], 0 = any), prints one JSON line
// {"port", "keys": [public JWKs]} and serves:
//   GET  /.well-known/http-message-signatures-directory   the current keys, signed by the first
//   POST /drop                                             removes the last key (a key leaving the directory)
import http from "node:http";
import { generateKeyPairSync } from "node:crypto";
import { directoryResponseHeaders } from "web-bot-auth";
import { signerFromJWK } from "web-bot-auth/crypto";

const DIRECTORY = "/.well-known/http-message-signatures-directory";
const MEDIA_TYPE = "application/http-message-signatures-directory+json";

function newKey() {
  const { privateKey } = generateKeyPairSync("ed25519");
  return privateKey.export({ format: "jwk" });
}

const keys = [newKey(), newKey()];
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
  console.log(JSON.stringify({ port: server.address().port, keys: keys.map(publicJwk) }));
});
