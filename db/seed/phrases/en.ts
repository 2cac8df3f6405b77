import type { PhraseBank } from "./bank";

/** The reference bank: other languages say the same things, and this text translates them. */
export const en: PhraseBank = {
  invite:
    "Hello! We are {child}'s teachers. We would love to visit your family and get to know you. Would you like a visit? Tell us which day and time work best for you.",
  accept: "Yes, we would like that, thank you! Weekday afternoons after 4 work best for us.",
  decline: "Thank you for the invitation, but right now is not a good time for us.",
  confirm: "Wonderful, thank you! Your visit is on our calendar. If anything changes, just send us a message.",
  reminder: "Reminder: we will visit your family tomorrow. We look forward to seeing you!",
  teacherTopics: [
    [
      "Hi! Some good news: {child} did great on the reading test this week. We are very proud of [him|her]!",
      "Thank you so much for telling us! We are very happy.",
    ],
    [
      "Hello! How is everything at home this week? {child} has been very kind to [his|her] classmates.",
      "Everything is fine, thank you. {child} tells us about school every day.",
    ],
    [
      "{child} is learning many new words. Reading together at home for 15 minutes a day helps a lot, in any language.",
      "Okay, we will read together every night.",
    ],
    [
      "This Friday at 5:30 pm we have a family night at school. Your whole family is welcome!",
      "Thank you for the invitation. We will try to come.",
    ],
    [
      "{child} worked hard in math today and helped a friend. Thank you for all your support at home!",
      "Thank you! That makes us very happy.",
    ],
  ],
  familyTopics: [
    [
      "Good morning. {child} is sick today and will not come to school.",
      "Thank you for letting me know. I hope {child} feels better soon!",
    ],
    [
      "Hello, what is the homework this week? {child} does not remember.",
      "Hi! This week the homework is to read for 20 minutes every day and finish the math page. Thank you for asking!",
    ],
    [
      "Can I pick up {child} early on Thursday? [He|She] has a doctor's appointment.",
      "Yes, of course. Please stop by the front office to sign [him|her] out. Thank you for telling me.",
    ],
    [
      "{child} says a classmate was unkind to [him|her]. Can we talk?",
      "Thank you for telling me. I will check in with {child} today. Can I call you tomorrow after school?",
    ],
    [
      "How is {child} doing in reading? We want to help at home.",
      "{child} is making good progress! This week I will send some books home for you to read together.",
    ],
  ],
  familyThanks: ["Thank you very much!", "Thank you for everything!"],
  teacherClosings: ["You're welcome! Have a good day.", "Thank you for your message. See you soon!"],
};
