/**
 * SendGrid's signed Event Webhook: an ECDSA P-256 / SHA-256 signature (base64, ASN.1 DER)
 * over timestamp + raw body, checked with the public key from SendGrid's settings (base64
 * DER SubjectPublicKeyInfo). WebCrypto wants the signature as raw r‖s, so DER is unpacked.
 */
export const MAX_EVENT_AGE_MS = 10 * 60_000;

export async function verifySendGridSignature(
  publicKeyBase64: string,
  signatureBase64: string,
  timestamp: string,
  rawBody: string,
): Promise<boolean> {
  try {
    const key = await crypto.subtle.importKey(
      "spki",
      base64ToBytes(publicKeyBase64),
      { name: "ECDSA", namedCurve: "P-256" },
      false,
      ["verify"],
    );
    return await crypto.subtle.verify(
      { name: "ECDSA", hash: "SHA-256" },
      key,
      derToRaw(base64ToBytes(signatureBase64)),
      new TextEncoder().encode(timestamp + rawBody),
    );
  } catch {
    return false; // malformed key or signature: not verified
  }
}

function base64ToBytes(value: string): Uint8Array<ArrayBuffer> {
  const binary = atob(value.trim());
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

/** ASN.1 SEQUENCE { INTEGER r, INTEGER s } → 64 bytes r‖s (each left-padded to 32). */
export function derToRaw(der: Uint8Array): Uint8Array<ArrayBuffer> {
  if (der[0] !== 0x30) throw new Error("not a DER sequence");
  let offset = 2;
  const out = new Uint8Array(64);
  for (let part = 0; part < 2; part++) {
    if (der[offset] !== 0x02) throw new Error("not a DER integer");
    const length = der[offset + 1]!;
    let value = der.slice(offset + 2, offset + 2 + length);
    while (value.length > 32 && value[0] === 0) value = value.slice(1);
    out.set(value, part * 32 + (32 - value.length));
    offset += 2 + length;
  }
  return out;
}
