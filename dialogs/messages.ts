// Every word Lantern says to a person, in one place, so tests can hold each text to one SMS where
// possible (never more than three parts) and to the words we never use with people. Short, warm,
// plain English; never clinical, never pushy; the person is always in charge.

export interface MessageContext {
  /** Their preferred name, if they gave one. */
  name?: string | null;
  privacyUrl: string;
  /** Where they are talking to us: "text me" makes no sense in web chat. */
  channel?: 'SMS' | 'WEB_CHAT' | 'AZURE';
}

const bySms = (c: MessageContext) => c.channel === undefined || c.channel === 'SMS';

const hi = (name?: string | null) => (name ? `Hi ${name}` : 'Hi');

export const messages = {
  welcome: (c: MessageContext) =>
    bySms(c)
      ? `${hi(c.name)}, I'm Lantern. Text me any time, about anything. A coach is here too if you'd like one: just ask. Text STOP to stop. Privacy: ${c.privacyUrl}`
      : `${hi(c.name)}, I'm Lantern. Write to me any time, about anything. A coach is here too if you'd like one: just ask. Say stop if you want me to stop. Privacy: ${c.privacyUrl}`,
  askName: () => "What would you like me to call you? Or just say skip, that's fine too.",
  nameSaved: (name: string) => `Lovely to meet you, ${name}. How are things with you today?`,
  nameSkipped: () => 'No problem at all. How are things with you today?',

  crisis: () =>
    "I'm really glad you told me. If you're in danger now, call 999. Samaritans: 116 123, free, any time. Text SHOUT to 85258. NHS 111, option 2. I've asked a coach to get in touch.",

  optedOut: () => "You won't get any more texts from Lantern. If you change your mind, text START.",
  optedIn: () => "Welcome back. You'll get texts from Lantern again. Text STOP at any time to stop.",
  // The carriers' HELP reply: one text (even with a long privacy link) saying who we are, that a
  // coach is there, how to stop and where the privacy page is.
  help: (c: MessageContext) =>
    bySms(c)
      ? `I'm Lantern: text me about anything, any time. A coach is here too, just ask. Text STOP to stop. Privacy: ${c.privacyUrl}`
      : `I'm Lantern: write about anything, any time. A coach is here too, just ask. Say stop to stop. Privacy: ${c.privacyUrl}`,

  passedToCoach: (when: string) => `Thanks, I'll pass that on to a coach. They'll usually reply ${when}.`,
  coachRequested: (when: string) => `I've asked a coach to get back to you. They'll usually reply ${when}. Coaches aren't doctors; in an emergency call 999.`,

  whatMattersNoted: (text: string) => `Thanks for telling me. I've noted that "${clip(text, 60)}" matters to you. Say "what matters" any time to see your list.`,
  whatMattersList: (items: string[]) =>
    items.length === 0
      ? "Your list is empty for now. Tell me about anything that matters to you (people, things you enjoy, what you'd like to change) and I'll note it."
      : `What matters to you:\n${items.map((item, index) => `${index + 1}. ${clip(item, 50)}`).join('\n')}\nSay "change 2 to ..." or "remove 2".`,
  whatMattersChanged: (number: number, text: string) => `Done, number ${number} is now "${clip(text, 60)}".`,
  whatMattersRemoved: (number: number) => `Done, I've taken number ${number} off your list.`,
  whatMattersNoSuchNumber: (number: number, count: number) =>
    count === 0 ? "Your list is empty, so there's nothing to change yet." : `I can't find number ${number}; your list goes up to ${count}. Say "what matters" to see it.`,

  checkInThanks: () => 'Thanks for letting me know how things are.',
  checkInHard: () => "That sounds hard. Thanks for telling me. I'm here whenever you want to talk it through.",
  checkInGood: () => "That's good to hear. Thanks for letting me know.",
  checkInScoreNoted: (score: number) => `Thanks, I've noted ${score} out of 10 for today.`,
  openQuestion: (index: number) => OPEN_QUESTIONS[index % OPEN_QUESTIONS.length] as string,
  greeting: (c: MessageContext) => `${hi(c.name)}! Good to hear from you. How are things?`,
  thanks: () => "You're welcome. I'm here whenever you want to chat.",

  deleteConfirm: () => 'Do you want me to delete everything I have about you: messages, your list and notes? This can\'t be undone. Reply YES to delete or NO to keep it.',
  deleteDone: () => "Done. I've deleted everything I had about you. If you text again, we'll start fresh.",
  deleteKept: () => "OK, I've kept everything as it is.",
  dataSummary: (summary: { messages: number; whatMatters: string[]; checkIns: number; name?: string | null }) =>
    `Here's what I keep: ${summary.name ? `your name (${summary.name}), ` : ''}${summary.messages} messages, ${summary.checkIns} check-ins, and your list: ${
      summary.whatMatters.length ? summary.whatMatters.map((item) => clip(item, 30)).join('; ') : 'empty'
    }. Say "delete my data" to remove it all.`,

  wellbeingOffer: () => "Would you like to answer 4 quick questions about how life's going? It helps you see change over time. It's fine to say not now.",
  wellbeingQuestion: (index: number) => ONS4_QUESTIONS[index] as string,
  wellbeingRetry: () => 'A number from 0 to 10 please, or say skip.',
  wellbeingDone: () => "Thank you. That's all done. I'll only ask again if you want me to, and not for at least four weeks.",
  wellbeingDeclined: () => "That's fine. Just say \"wellbeing questions\" if you ever want to do them.",
  wellbeingTooSoon: () => "You answered those less than four weeks ago, so let's leave them for now. How are things today?",

  paused: () => "OK, I'll leave you be. Text me whenever you're ready, or just say \"I'm back\". I'm still here if you need me.",
  resumed: () => "Welcome back! Good to hear from you. How are things?",
  pausedUntil: (date: string) => `OK, I'll leave you be until ${date}. You can still text me any time. Wrong date? Just say, e.g. "no, the 17th".`,
  pauseAskDate: () => "OK. Would you like me to get back in touch on a certain day? Tell me when, or just say no.",
  pauseDateNotUnderstood: () => "Sorry, I couldn't work out that date, so I'll leave it open. Say \"I'm back\" whenever you're ready.",
  pausedAskResume: () => "You're on a pause at the moment. Say \"I'm back\" whenever you'd like to carry on, or keep the pause, that's fine too.",
  resumption: (name?: string | null) => `${hi(name)}. You asked me to check back in around now. How are things? If you'd like longer, just say pause.`,
  checkInNudge: (name?: string | null) => `${hi(name)}, just checking in as you asked. How are things? No need to reply if you'd rather not.`,
  notPaused: () => "You're not paused, so carry on whenever you like. How are things?",
  rhythmSet: (rhythm: 'WEEKLY' | 'FORTNIGHTLY' | 'MONTHLY' | 'ONLY_WHEN_I_WRITE', day: number | null, quietDays: readonly number[] | null = null) =>
    rhythm === 'ONLY_WHEN_I_WRITE'
      ? "Got it. I won't text you first; I'll only reply when you write."
      : `Got it. I'll check in ${RHYTHM_WORDS[rhythm]}${day === null ? '' : ` on ${DAY_NAMES[day]}s`}${quietDays?.length ? `, never on ${dayList(quietDays)}` : ''}. Say "don't text me first" to stop that.`,
  quietDaysSet: (days: readonly number[]) =>
    days.length === 0
      ? "Got it: any day is fine. I'll still keep quiet at night."
      : `Got it: I won't text you first on ${dayList(days)}. You can write to me any time, and say "any day is fine" to change it.`,

  connectionFollowUp: (name: string | null | undefined, assetName: string) =>
    `${hi(name)}. How did you get on with ${gsm(clip(assetName, 60))}? Any words are fine, or just ignore this.`,
  followUpThanks: (outcome: 'went-well' | 'not-for-them' | 'closed' | 'no-answer' | 'noted') =>
    ({
      'went-well': "That's lovely to hear. Thanks for telling me.",
      'not-for-them': "Thanks for telling me. Not everything suits everyone, and that's fine. A coach can look at other options with you if you'd like.",
      closed: "Thanks for letting me know. I'll tell the team so nobody else is sent there. A coach can help find something else if you'd like.",
      'no-answer': "Sorry nobody got back to you. I'll let the team know. A coach can help find something else if you'd like.",
      noted: "Thanks for telling me how it went. I've noted it for your coach.",
    })[outcome],
  areaNoted: (area: string) => `Thanks, I've noted you're around ${area}. It helps a coach find things near you. Say "forget my area" any time.`,
  areaForgotten: () => "Done: I've forgotten your area.",
  practiceNoted: (practiceName: string) => `Thanks. I've noted that ${clip(practiceName, 60)} pointed you our way. Text me any time, about anything that matters to you.`,
  referral: (options: { practiceName: string; firstName: string | null; link: string }) =>
    `${options.firstName ? `Hi ${gsm(clip(options.firstName, 20))}, ` : ''}${gsm(clip(options.practiceName, 50))} thought you'd like Lantern: text us any time about what matters to you, and a coach can help. Chat at ${options.link} or just reply to this text. STOP to opt out`,
  couldNotUnderstandNumber: () => "Sorry, I didn't catch a number there.",
  handedBack: () => "Thanks for chatting with the coach. I'm here as usual, and you can ask for a coach again any time.",
  pausedByCoach: (date: string | null) =>
    date
      ? `As agreed with your coach, I'll leave you be until ${date}. You can still get in touch any time.`
      : 'As agreed with your coach, I\'ll leave you be for now. Get in touch any time, or say "I\'m back".',
  linkOnlyInWebChat: () => 'You can join your texts and web chat from the chat page: say "link my phone" there.',
  linkAskPhone: () => "What's the mobile number you text me from? I'll send it a code. Or say never mind.",
  linkPhoneRetry: () => "That doesn't look like a UK mobile number. Try again, or say never mind.",
  linkCodeText: (code: string) => `Your Lantern code is ${code}. Type it into the web chat to join up your texts and chat. Didn't ask for it? Just ignore this.`,
  linkCodeSent: (lastDigits: string) => `I've texted a 6-digit code to the number ending ${lastDigits}. Type it here when it comes, or say never mind.`,
  linkCodeWrong: () => "That code doesn't match. Have another go, or say never mind.",
  linkCodeExpired: () => 'That code has run out. Say "link my phone" to get a new one.',
  linkGaveUp: () => 'That code didn\'t match, so I\'ve stopped for now. Say "link my phone" to get a new one.',
  linkTooManyCodes: () => "I've sent a few codes to that number already. Please try again in an hour.",
  linkCouldNotText: () => "Sorry, I couldn't text that number just now. Please try again in a little while.",
  linked: () => "Done: your texts and this chat are joined up now. I'll reply wherever you last wrote.",
  linkNumberTaken: () => "That number is already linked to someone else, so I can't join it here. A coach can help if that seems wrong.",
  linkCancelled: () => "OK, I've left things as they are.",
  somethingWentWrong: () => "Sorry, something went wrong my end. Your message is safe and a coach can see it.",
};

const RHYTHM_WORDS = { WEEKLY: 'once a week', FORTNIGHTLY: 'every two weeks', MONTHLY: 'once a month' } as const;
const DAY_NAMES = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];

/** [0, 6] → "Saturdays and Sundays" (the week as people say it: Monday first). */
function dayList(days: readonly number[]): string {
  const sorted = [...days].sort((a, b) => ((a + 6) % 7) - ((b + 6) % 7));
  if (sorted.length === 2 && sorted[0] === 6 && sorted[1] === 0) return 'Saturdays and Sundays';
  const names = sorted.map((d) => `${DAY_NAMES[d]}s`);
  return names.length > 1 ? `${names.slice(0, -1).join(', ')} and ${names.at(-1)}` : (names[0] ?? '');
}

const OPEN_QUESTIONS = [
  "What's something you're good at that people might not know about?",
  "Who's someone that makes a good day better for you?",
  'What did you enjoy doing when you had a free afternoon?',
  "What's one small thing you'd like more of in your week?",
  "Is there anything you've been wanting to try, or get back to?",
];

// ONS4 personal wellbeing questions, in their standard order, shortened for SMS.
const ONS4_QUESTIONS = [
  '1 of 4. Overall, how satisfied are you with your life nowadays? 0 = not at all, 10 = completely.',
  '2 of 4. Overall, how far do you feel the things you do in your life are worthwhile? 0 to 10.',
  '3 of 4. Overall, how happy did you feel yesterday? 0 to 10.',
  '4 of 4. Overall, how anxious did you feel yesterday? 0 = not at all, 10 = completely.',
];

/** Curly quotes and dashes as their plain forms, so one name does not make a text cost twice as much. */
function gsm(text: string): string {
  return text.replace(/[‘’]/g, "'").replace(/[“”]/g, '"').replace(/[–—]/g, '-');
}

function clip(text: string, max: number): string {
  const single = text.replace(/\s+/g, ' ').trim();
  return single.length <= max ? single : `${single.slice(0, max - 3).trimEnd()}...`;
}
