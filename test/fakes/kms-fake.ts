import { createCipheriv, createDecipheriv, randomBytes } from "node:crypto";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

/**
 * A loopback stand-in for AWS KMS speaking its JSON 1.1 protocol (Encrypt and Decrypt), so tests
 * drive the real @aws-sdk/client-kms. Keys live in memory; calls are counted per operation.
 * It checks that an Authorization header is present but does not verify SigV4.
 */
export interface KmsFake {
  url: string;
  calls: { Encrypt: number; Decrypt: number };
  close(): Promise<void>;
  /** Stops answering (connections refused), as an unreachable KMS; the keys are kept. */
  stop(): Promise<void>;
  /** Listens again on the same address, with the same keys. */
  start(): Promise<void>;
}

class KmsError extends Error {
  constructor(
    readonly type: string,
    message: string,
  ) {
    super(message);
  }
}

type Body = { KeyId?: string; Plaintext?: string; CiphertextBlob?: string; EncryptionContext?: Record<string, string> };

export async function startKmsFake(keyIds: string[] = ["fake-key-1"]): Promise<KmsFake> {
  const keys = new Map(keyIds.map((id) => [id, randomBytes(32)]));
  const calls = { Encrypt: 0, Decrypt: 0 };
  const keyFor = (id: string | undefined) => {
    const key = id && keys.get(id);
    if (!key) throw new KmsError("NotFoundException", `Key '${id}' does not exist`);
    return key;
  };
  // Like KMS, the encryption context is authenticated but not stored: Decrypt must repeat it.
  const contextAad = (ctx: Body["EncryptionContext"] = {}) => Buffer.from(JSON.stringify(Object.entries(ctx).sort()));

  const operations: Record<string, (b: Body) => object> = {
    Encrypt(b) {
      const key = keyFor(b.KeyId);
      const iv = randomBytes(12);
      const cipher = createCipheriv("aes-256-gcm", key, iv).setAAD(contextAad(b.EncryptionContext));
      const ct = Buffer.concat([cipher.update(Buffer.from(b.Plaintext ?? "", "base64")), cipher.final()]);
      const id = Buffer.from(b.KeyId!);
      // Blob: key id length, key id, iv, tag, ciphertext (real blobs also name their key).
      const blob = Buffer.concat([Buffer.from([id.length]), id, iv, cipher.getAuthTag(), ct]);
      return { CiphertextBlob: blob.toString("base64"), KeyId: arn(b.KeyId!), EncryptionAlgorithm: "SYMMETRIC_DEFAULT" };
    },
    Decrypt(b) {
      const blob = Buffer.from(b.CiphertextBlob ?? "", "base64");
      const blobKeyId = blob.subarray(1, 1 + (blob[0] ?? 0)).toString();
      if (b.KeyId && b.KeyId !== blobKeyId) throw new KmsError("IncorrectKeyException", "The key ID in the request does not identify the key used to encrypt the ciphertext");
      const key = keyFor(blobKeyId);
      const rest = blob.subarray(1 + blob[0]);
      try {
        const decipher = createDecipheriv("aes-256-gcm", key, rest.subarray(0, 12), { authTagLength: 16 }).setAAD(contextAad(b.EncryptionContext));
        decipher.setAuthTag(rest.subarray(12, 28));
        const plaintext = Buffer.concat([decipher.update(rest.subarray(28)), decipher.final()]);
        return { Plaintext: plaintext.toString("base64"), KeyId: arn(blobKeyId), EncryptionAlgorithm: "SYMMETRIC_DEFAULT" };
      } catch {
        throw new KmsError("InvalidCiphertextException", "");
      }
    },
  };

  const server = createServer((req, res) => {
    handle(req, res).catch((err) => reply(res, 500, { __type: "InternalFailure", message: String(err) }));
  });
  async function handle(req: IncomingMessage, res: ServerResponse) {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const target = String(req.headers["x-amz-target"] ?? "");
    const operation = target.startsWith("TrentService.") ? target.slice("TrentService.".length) : "";
    if (req.method !== "POST" || req.url !== "/") return reply(res, 404, { __type: "UnknownOperationException", message: "" });
    if (!req.headers.authorization) return reply(res, 400, { __type: "MissingAuthenticationTokenException", message: "Missing Authentication Token" });
    if (req.headers["content-type"] !== "application/x-amz-json-1.1" || !(operation in operations)) {
      return reply(res, 400, { __type: "UnknownOperationException", message: `Unsupported ${target}` });
    }
    calls[operation as keyof typeof calls]++;
    try {
      reply(res, 200, operations[operation](JSON.parse(Buffer.concat(chunks).toString("utf8") || "{}")));
    } catch (err) {
      if (!(err instanceof KmsError)) throw err;
      reply(res, 400, { __type: err.type, message: err.message });
    }
  }

  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  const close = () =>
    new Promise<void>((resolve, reject) => {
      server.close((err) => (err ? reject(err) : resolve()));
      server.closeAllConnections(); // the SDK keeps connections alive
    });
  return {
    url: `http://127.0.0.1:${port}`,
    calls,
    close,
    stop: close,
    start: () => new Promise<void>((resolve, reject) => server.once("error", reject).listen(port, "127.0.0.1", () => resolve())),
  };
}

const arn = (keyId: string) => `arn:aws:kms:us-east-1:000000000000:key/${keyId}`;

function reply(res: ServerResponse, status: number, body: object) {
  const headers: Record<string, string> = { "content-type": "application/x-amz-json-1.1" };
  if (status >= 400 && "__type" in body) headers["x-amzn-errortype"] = String(body.__type);
  res.writeHead(status, headers).end(JSON.stringify(body));
}
