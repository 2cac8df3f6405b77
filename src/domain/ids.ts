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
  | "aud";

export function newId(prefix: IdPrefix, now: number = Date.now(), random: () => number = cryptoRandom): string {
  let time = "";
  let t = now;
  for (let i = 0; i < 10; i++) {
    time = ALPHABET[t % 32] + time;
    t = Math.floor(t / 32);
  }
  let rand = "";
  for (let i = 0; i < 16; i++) rand += ALPHABET[Math.floor(random() * 32)];
  return `${prefix}_${time}${rand}`;
}

function cryptoRandom(): number {
  const buf = new Uint32Array(1);
  crypto.getRandomValues(buf);
  return buf[0]! / 2 ** 32;
}
