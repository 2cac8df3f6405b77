/**
 * Who receives a message, on which channel, in which language — a pure decision.
 *   channel:  requested (API) → contact's own → family's → school default; if that channel is
 *             unusable (opted out, unreachable, no address), the other one.
 *   language: contact's own → family's → school default.
 * Contacts are tried in order; one reachable on its preferred channel beats one reachable
 * only on its fallback. If nobody is reachable, the reason lists what stood in the way.
 */
export type Channel = "sms" | "email";

export type RecipientContact = {
  id: string;
  phone: string | null;
  email: string | null;
  language: string | null;
  channel: Channel | null;
  smsOptedOutAt: Date | null;
  emailOptedOutAt: Date | null;
  smsUnreachableAt: Date | null;
  emailUnreachableAt: Date | null;
  active: boolean;
};

export type Resolution =
  | { ok: true; contactId: string; channel: Channel; address: string; language: string; fellBack: boolean }
  | { ok: false; reason: string; language: string; contactId: string | null };

export function resolveRecipient(input: {
  contacts: RecipientContact[];
  family: { language: string; channel: Channel };
  school: { defaultLanguage: string; defaultChannel: Channel };
  requestedChannel?: Channel | "auto";
  /** A channel that has just failed (re-routing after a provider error). */
  excludeChannel?: Channel;
}): Resolution {
  const { family, school } = input;
  const contacts = input.contacts.filter((c) => c.active);
  const preferredOf = (c: RecipientContact): Channel =>
    input.requestedChannel && input.requestedChannel !== "auto"
      ? input.requestedChannel
      : (c.channel ?? family.channel ?? school.defaultChannel);
  const languageOf = (c: RecipientContact | undefined) => c?.language ?? family.language ?? school.defaultLanguage;

  for (const fellBack of [false, true]) {
    for (const contact of contacts) {
      const preferred = preferredOf(contact);
      const channel = fellBack ? other(preferred) : preferred;
      if (channel !== input.excludeChannel && unusable(contact, channel) === null) {
        const address = channel === "sms" ? contact.phone! : contact.email!;
        return { ok: true, contactId: contact.id, channel, address, language: languageOf(contact), fellBack };
      }
    }
  }
  const reasons = contacts.flatMap((c) =>
    (["sms", "email"] as const).map(
      (ch) => `${ch}: ${ch === input.excludeChannel ? "failed just now" : unusable(c, ch)}`,
    ),
  );
  return {
    ok: false,
    reason: contacts.length === 0 ? "no active contact" : [...new Set(reasons)].join("; "),
    language: languageOf(contacts[0]),
    contactId: contacts[0]?.id ?? null,
  };
}

/** Why a contact cannot be reached on a channel, or null if it can. */
export function unusable(contact: RecipientContact, channel: Channel): string | null {
  if (channel === "sms") {
    if (!contact.phone) return "no phone number";
    if (contact.smsOptedOutAt) return "opted out of texts";
    if (contact.smsUnreachableAt) return "phone unreachable";
    return null;
  }
  if (!contact.email) return "no email address";
  if (contact.emailOptedOutAt) return "unsubscribed from email";
  if (contact.emailUnreachableAt) return "email bounced";
  return null;
}

function other(channel: Channel): Channel {
  return channel === "sms" ? "email" : "sms";
}
