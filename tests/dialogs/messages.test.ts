import { messages } from '../../dialogs/messages';
import { smsLength } from '../../src/channels/twilio-sms/segments';

// Every text the bot can send, with the longest realistic values filled in.
const longName = 'Bartholomew-Smythe';
const longItem = 'helping out at the community allotment on Saturday mornings with my neighbour';
const context = { name: longName, privacyUrl: 'https://lantern.northside-pcn.nhs.example.org/privacy' };

const everyText: Array<[string, string]> = [
  ['welcome', messages.welcome(context)],
  ['welcome (no name)', messages.welcome({ privacyUrl: context.privacyUrl })],
  ['welcome (web chat)', messages.welcome({ ...context, channel: 'WEB_CHAT' })],
  ['help (web chat)', messages.help({ ...context, channel: 'WEB_CHAT' })],
  ['askName', messages.askName()],
  ['nameSaved', messages.nameSaved(longName)],
  ['nameSkipped', messages.nameSkipped()],
  ['crisis', messages.crisis()],
  ['optedOut', messages.optedOut()],
  ['optedIn', messages.optedIn()],
  ['help', messages.help(context)],
  ['coachRequested', messages.coachRequested('on Wednesday after 9:30am')],
  ['whatMattersNoted', messages.whatMattersNoted(longItem)],
  ['whatMattersList (empty)', messages.whatMattersList([])],
  ['whatMattersList (5 long items)', messages.whatMattersList(Array(5).fill(longItem))],
  ['whatMattersChanged', messages.whatMattersChanged(12, longItem)],
  ['whatMattersRemoved', messages.whatMattersRemoved(12)],
  ['whatMattersNoSuchNumber', messages.whatMattersNoSuchNumber(12, 11)],
  ['whatMattersNoSuchNumber (empty)', messages.whatMattersNoSuchNumber(1, 0)],
  ['checkInThanks', messages.checkInThanks()],
  ['checkInHard', messages.checkInHard()],
  ['checkInGood', messages.checkInGood()],
  ['checkInScoreNoted', messages.checkInScoreNoted(10)],
  ...[0, 1, 2, 3, 4].map((i): [string, string] => [`openQuestion ${i}`, messages.openQuestion(i)]),
  ['greeting', messages.greeting(context)],
  ['thanks', messages.thanks()],
  ['deleteConfirm', messages.deleteConfirm()],
  ['deleteDone', messages.deleteDone()],
  ['deleteKept', messages.deleteKept()],
  ['dataSummary', messages.dataSummary({ messages: 12345, checkIns: 999, whatMatters: Array(5).fill(longItem), name: longName })],
  ['wellbeingOffer', messages.wellbeingOffer()],
  ...[0, 1, 2, 3].map((i): [string, string] => [`wellbeingQuestion ${i}`, messages.wellbeingQuestion(i)]),
  ['wellbeingRetry', messages.wellbeingRetry()],
  ['wellbeingDone', messages.wellbeingDone()],
  ['wellbeingDeclined', messages.wellbeingDeclined()],
  ['wellbeingTooSoon', messages.wellbeingTooSoon()],
  ['paused', messages.paused()],
  ['resumed', messages.resumed()],
  ['pausedUntil', messages.pausedUntil('Wednesday 30 December 2026')],
  ['pauseAskDate', messages.pauseAskDate()],
  ['pauseDateNotUnderstood', messages.pauseDateNotUnderstood()],
  ['pausedAskResume', messages.pausedAskResume()],
  ['resumption', messages.resumption('Jo')],
  ['resumption no name', messages.resumption(null)],
  ['checkInNudge', messages.checkInNudge('Alexandra')],
  ['notPaused', messages.notPaused()],
  ['rhythmSet weekly', messages.rhythmSet('WEEKLY', 3)],
  ['rhythmSet never first', messages.rhythmSet('ONLY_WHEN_I_WRITE', null)],
  ['rhythmSet with quiet days', messages.rhythmSet('FORTNIGHTLY', 3, [6, 0])],
  ['quietDaysSet weekend', messages.quietDaysSet([6, 0])],
  ['quietDaysSet any day', messages.quietDaysSet([])],
  ['quietDaysSet six days', messages.quietDaysSet([1, 2, 3, 4, 5, 6])],
  ['passedToCoach', messages.passedToCoach('tomorrow (Thursday) after 9am')],
  ['connectionFollowUp', messages.connectionFollowUp('Alexandra', 'The Harpurhey and Moston Community Walking Group for Everyone')],
  ['followUpThanks went well', messages.followUpThanks('went-well')],
  ['followUpThanks not for them', messages.followUpThanks('not-for-them')],
  ['followUpThanks closed', messages.followUpThanks('closed')],
  ['followUpThanks no answer', messages.followUpThanks('no-answer')],
  ['followUpThanks noted', messages.followUpThanks('noted')],
  ['areaNoted', messages.areaNoted('SW1A')],
  ['areaForgotten', messages.areaForgotten()],
  ['practiceNoted', messages.practiceNoted('The Riverside Medical Centre and Health Hub')],
  ['referral', messages.referral({ practiceName: 'The Riverside Medical Centre and Health Hub', firstName: 'Alexandra', link: `https://lantern.northside-pcn.nhs.uk/r/${'A'.repeat(22)}` })],
  ['referral curly quote', messages.referral({ practiceName: 'St Mary’s Surgery', firstName: null, link: `https://lantern.northside-pcn.nhs.uk/r/${'A'.repeat(22)}` })],
  ['couldNotUnderstandNumber', messages.couldNotUnderstandNumber()],
  ['handedBack', messages.handedBack()],
  ['pausedByCoach', messages.pausedByCoach('Wednesday 30 December 2026')],
  ['pausedByCoach open', messages.pausedByCoach(null)],
  ['linkOnlyInWebChat', messages.linkOnlyInWebChat()],
  ['linkAskPhone', messages.linkAskPhone()],
  ['linkPhoneRetry', messages.linkPhoneRetry()],
  ['linkCodeText', messages.linkCodeText('123456')],
  ['linkCodeSent', messages.linkCodeSent('123')],
  ['linkCodeWrong', messages.linkCodeWrong()],
  ['linkCodeExpired', messages.linkCodeExpired()],
  ['linkGaveUp', messages.linkGaveUp()],
  ['linkTooManyCodes', messages.linkTooManyCodes()],
  ['linkCouldNotText', messages.linkCouldNotText()],
  ['linked', messages.linked()],
  ['linkNumberTaken', messages.linkNumberTaken()],
  ['linkCancelled', messages.linkCancelled()],
  ['somethingWentWrong', messages.somethingWentWrong()],
];

// Words that make a person a case: never said to people.
const NEVER_SAY = /\b(patients?|service users?|non-?compliant|discharged?|clients?|cases?|eligib\w*|assessments?)\b/i;

describe('every text the bot sends', () => {
  it('covers every message the bot has', () => {
    const covered = new Set(everyText.map(([name]) => name.split(' ')[0]));
    expect(Object.keys(messages).filter((name) => !covered.has(name))).toEqual([]);
  });

  it.each(everyText)('%s fits in at most three SMS parts', (_name, text) => {
    expect(smsLength(text).parts).toBeLessThanOrEqual(3);
  });

  it.each(everyText)('%s uses none of the words we never use with people', (_name, text) => {
    expect(text).not.toMatch(NEVER_SAY);
  });

  it('keeps the everyday replies to one text', () => {
    const everyday = [
      'help', 'help (web chat)', 'askName', 'nameSaved', 'nameSkipped', 'greeting', 'optedOut', 'optedIn', 'coachRequested',
      'checkInThanks', 'checkInHard', 'checkInGood', 'checkInScoreNoted', 'thanks', 'whatMattersChanged', 'whatMattersRemoved',
      'deleteDone', 'deleteKept', 'paused', 'resumed', 'pausedUntil', 'pausedAskResume', 'notPaused', 'resumption', 'checkInNudge',
      'rhythmSet weekly', 'rhythmSet never first', 'quietDaysSet weekend', 'quietDaysSet any day', 'wellbeingRetry',
    ];
    const checked = everyText.filter(([n]) => everyday.includes(n));
    expect(checked.map(([name]) => name).sort()).toEqual([...everyday].sort());
    for (const [name, text] of checked) {
      expect({ name, parts: smsLength(text).parts }).toEqual({ name, parts: 1 });
    }
  });

  // HELP and INFO are the carriers' help keywords: the answer must be ONE text, because the SMS
  // sender sends each part as a separate text.
  it.each(['SMS', 'WEB_CHAT'] as const)('explains the service in one text when asked for HELP (%s), even with a long privacy link', (channel) => {
    const privacyUrl = 'https://lantern.northside-pcn.nhs.uk/privacy';
    const text = messages.help({ privacyUrl, channel });
    expect(smsLength(text)).toMatchObject({ encoding: 'GSM-7', parts: 1 });
    expect(text).toMatch(/\bLantern\b/);
    expect(text).toMatch(/\bcoach\b/i);
    expect(text).toMatch(channel === 'SMS' ? /\bSTOP\b/ : /\bsay stop\b/i);
    expect(text).toContain(privacyUrl);
  });

  it('gives the UK crisis routes in full', () => {
    for (const route of ['999', '116 123', 'SHOUT', '85258', '111']) expect(messages.crisis()).toContain(route);
  });
});

describe('words that fit the channel', () => {
  it('never tells someone in web chat to "text" Lantern, and still says how to stop', () => {
    const context = { privacyUrl: 'https://lantern.example.org/privacy', channel: 'WEB_CHAT' as const };
    for (const text of [messages.welcome(context), messages.help(context)]) expect(text).not.toMatch(/\btext\b/i);
    for (const text of [messages.welcome(context), messages.help(context)]) expect(text).toMatch(/say stop/i);
  });
});
