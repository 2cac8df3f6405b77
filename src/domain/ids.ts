/**
 * Prefixed, time-sortable ids (`fam_01JD…`): the prefix tells a reader in a log what kind of
 * row an id names; the leading time part keeps inserts append-mostly in SQLite's b-trees.
 * Crockford base32: 10 chars of milliseconds + 16 chars (80 bits) of randomness.
 */
const ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

export type IdPrefix =
  | "dst"
  | "sch"
  | "edu"
  | "fam"
  | "con"
  | "stu"
  | "vis"
  | "slt"
  | "msg"
  | "mev"
  | "obx"
  | "cns"
  | "evt"
  | "inv"
  | "drw"
  | "aud"
  | "snd"
  | "sml"
  | "ntf"
  | "cwa"
  | "cnv"
  | "trn"
  | "trg"
  | "srv"
  | "srq"
  | "srr"
  | "sra"
  | "cfs";

let lastTime = -1;
let lastRandom: number[] = [];

/**
 * Ids made in the same millisecond by this process keep their creation order (the random part
 * is incremented, as in monotonic ULIDs), so "order by id" is "order of creation" — e.g. a
 * family's children stay in the order they were entered.
 */
export function newId(prefix: IdPrefix, now: number = Date.now(), random: () => number = cryptoRandom): string {
  let digits: number[];
  if (now === lastTime && random === cryptoRandom) {
    digits = increment(lastRandom);
  } else {
    digits = Array.from({ length: 16 }, () => Math.floor(random() * 32));
  }
  if (random === cryptoRandom) {
    lastTime = now;
    lastRandom = digits;
  }
  let time = "";
  let t = now;
  for (let i = 0; i < 10; i++) {
    time = ALPHABET[t % 32] + time;
    t = Math.floor(t / 32);
  }
  return `${prefix}_${time}${digits.map((d) => ALPHABET[d]).join("")}`;
}

function increment(digits: number[]): number[] {
  const next = [...digits];
  for (let i = next.length - 1; i >= 0; i--) {
    if (next[i]! < 31) {
      next[i]! += 1;
      return next;
    }
    next[i] = 0;
  }
  return next; // 2^80 ids in one millisecond: wraps, still unique in practice
}

function cryptoRandom(): number {
  const buf = new Uint32Array(1);
  crypto.getRandomValues(buf);
  return buf[0]! / 2 ** 32;
}

/**
 * An id that is the same every time for the same seed (e.g. a Twilio MessageSid and a
 * purpose). Rows written while handling a webhook use these, so a retried or duplicated
 * webhook writes the same rows again — and `ON CONFLICT DO NOTHING` keeps one of each.
 */
export function derivedId(prefix: IdPrefix, seed: string): string {
  // Same digits as ever (stored ids depend on them), without per-call arrays: a broadcast
  // derives four ids a family, and the arrays were most of the cost.
  let h1 = 0x811c9dc5;
  let h2 = 0x01000193;
  let out = `${prefix}_`;
  let count = 0;
  const length = seed.length;
  for (let round = 0; count < 26; round++) {
    for (let i = 0; i < length; i++) {
      const code = seed.charCodeAt(i);
      h1 = Math.imul(h1 ^ code, 16777619) >>> 0;
      h2 = Math.imul(h2 ^ (code + round), 2246822519) >>> 0;
    }
    h1 = Math.imul(h1 ^ round, 2654435761) >>> 0;
    for (let k = 0; k < 6 && count < 26; k++, count++) {
      out += ALPHABET[(k < 3 ? h1 >>> (k * 5) : h2 >>> ((k - 3) * 5)) & 31];
    }
  }
  return out;
}
