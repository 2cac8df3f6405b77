/** Staff-facing notes on the demo visits. Staff write these in English. */

/** Shared at the first visit and private to the visiting pair (DOMAIN: hopes and dreams). */
export const HOPES_AND_DREAMS = [
  "Hopes and dreams: {child} will be the first in the family to go to college.",
  "Hopes and dreams: keep the home language strong while {child} learns English.",
  "Hopes and dreams: {child} wants to be a nurse and loves taking care of [his|her] little cousins.",
  "Hopes and dreams: more friends at school for {child} this year; [he|she] is shy at first.",
  "Hopes and dreams: {child} draws all the time; the family would love an art club.",
  "Hopes and dreams: {child} wants to be an engineer and build bridges like [his|her] grandfather.",
] as const;

/** Recorded only because the family asked. */
export const RESOURCE_REQUESTS = [
  "Asked about free after-school tutoring.",
  "Asked where to find winter coats for the children.",
  "Asked about English classes for adults.",
  "Asked about the free dental clinic.",
] as const;

export const NEUTRAL_PLACES = [
  "Riverside Branch Library, study room 2",
  "Cedar Valley Community Center",
  "Riverside Park picnic shelter",
] as const;

export const DECLINE_REASON = "Family said now is not a good time. Respected: no follow-up unless they reach out.";
export const NO_SHOW_REASON = "Nobody was home at the agreed time; left a note with our numbers.";
export const CANCEL_REASONS = [
  "Family asked to cancel: a work shift changed. They will tell us when a new time suits them.",
  "Lead teacher was out sick; visit cancelled and the family was told right away.",
] as const;
