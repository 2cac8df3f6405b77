/**
 * What a family actually wrote in an email reply: the new text above the quoted history,
 * without the signature. Email clients quote differently and in the family's language, so
 * the markers below cover the common ones; anything unrecognised is kept (losing a family's
 * words is worse than keeping a quote).
 */
const QUOTE_HEADERS = [
  /^On .+ wrote:\s*$/i, // Gmail, Apple Mail (en)
  /^El .+ escribió:\s*$/i, // es
  /^Em .+ escreveu:\s*$/i, // pt
  /^Le .+ a écrit\s*:\s*$/i, // fr
  /^Vào .+ đã viết:\s*$/i, // vi
  /^在.+写道[:：]\s*$/, // zh
  /^.+ 작성:\s*$/, // ko
  /^.+ написал(?:а)?:\s*$/i, // ru
  /^.+ написав(?:ла)?:\s*$/i, // uk
  /^-{2,}\s*(Original Message|Mensaje original|Message d'origine|Mensagem original)\s*-{2,}\s*$/i,
  /^_{20,}\s*$/, // Outlook separator
  /^From: .+$/i, // Outlook headers block ("From: … Sent: …")
  /^De: .+$/i,
];
const SIGNATURE_MARKERS = [
  /^--\s*$/,
  /^(Sent from|Enviado desde|Enviado do|Envoyé de|Get Outlook for|Obtener Outlook para) /i,
];

export function stripQuotedReply(text: string): string {
  const lines = text.replace(/\r\n?/g, "\n").split("\n");
  const kept: string[] = [];
  for (const line of lines) {
    const trimmed = line.trim();
    if (QUOTE_HEADERS.some((re) => re.test(trimmed)) || SIGNATURE_MARKERS.some((re) => re.test(trimmed))) break;
    if (trimmed.startsWith(">")) continue;
    kept.push(line);
  }
  const result = kept.join("\n").trim();
  return result || text.trim(); // never store an empty message when the family wrote something
}

const ENTITIES: Record<string, string> = { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'", nbsp: " " };

/** HTML → plain text for storage. The result is text: it is never rendered as HTML. */
export function htmlToText(html: string): string {
  return html
    .replace(/<(script|style|head)[\s\S]*?<\/\1>/gi, "")
    .replace(/<blockquote[\s\S]*?<\/blockquote>/gi, "") // quoted history
    .replace(/<br\s*\/?>/gi, "\n")
    .replace(/<\/(p|div|li|tr|h\d)>/gi, "\n")
    .replace(/<[^>]+>/g, "")
    .replace(/&(#x?[0-9a-f]+|\w+);/gi, (whole, entity: string) => {
      if (entity.startsWith("#x") || entity.startsWith("#X"))
        return String.fromCodePoint(Number.parseInt(entity.slice(2), 16));
      if (entity.startsWith("#")) return String.fromCodePoint(Number(entity.slice(1)));
      return ENTITIES[entity.toLowerCase()] ?? whole;
    })
    .replace(/[ \t]+\n/g, "\n")
    .replace(/\n{3,}/g, "\n\n")
    .trim();
}

/** "Rosa Díaz <rosa@example.org>" → "rosa@example.org". */
export function emailAddressOf(value: string): string {
  const match = /<([^>]+)>/.exec(value);
  return (match ? match[1]! : value).trim().toLowerCase();
}
