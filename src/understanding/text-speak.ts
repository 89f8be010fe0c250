/**
 * UK text-speak and contractions, rewritten to the plain words the intent rules are written in.
 * Apostrophes are dropped before this map is used, so "don't" arrives as "dont".
 */

/** Contractions whose apostrophe-free spelling is another word ("i'll" would become "ill"). */
export const AMBIGUOUS_CONTRACTIONS: ReadonlyArray<readonly [RegExp, string]> = [
  [/\bi'll\b/g, 'i will'],
  [/\bwe'll\b/g, 'we will'],
  [/\bwe're\b/g, 'we are'],
  [/\bshe'll\b/g, 'she will'],
  [/\bhe'll\b/g, 'he will'],
  [/\bi'd\b/g, 'i would'],
];

export const TEXT_SPEAK: ReadonlyMap<string, string> = new Map(
  Object.entries({
    // people and pronouns
    u: 'you', ya: 'you', yu: 'you', ur: 'your', r: 'are', c: 'see', cu: 'see you',
    im: 'i am', iam: 'i am', ive: 'i have', id: 'i would', youre: 'you are', theyre: 'they are',
    youve: 'you have', weve: 'we have', theyve: 'they have', youll: 'you will', itll: 'it will', theyll: 'they will',
    sum1: 'someone', some1: 'someone', any1: 'anyone', no1: 'no one', noone: 'no one', ppl: 'people',
    // negatives
    dont: 'do not', cant: 'cannot', wont: 'will not', didnt: 'did not', doesnt: 'does not',
    isnt: 'is not', arent: 'are not', wasnt: 'was not', werent: 'were not', havent: 'have not',
    hasnt: 'has not', couldnt: 'could not', wouldnt: 'would not', shouldnt: 'should not', aint: 'is not',
    // little words
    thats: 'that is', whats: 'what is', wats: 'what is', wots: 'what is', wot: 'what', wat: 'what',
    wht: 'what', wut: 'what', hows: 'how is', wheres: 'where is', whos: 'who is', theres: 'there is',
    heres: 'here is', todays: 'today is', its: 'it is', tho: 'though', thru: 'through', cos: 'because', coz: 'because',
    cuz: 'because', bc: 'because', bcoz: 'because', abt: 'about', bout: 'about', wiv: 'with',
    n: 'and', nd: 'and', dat: 'that', jus: 'just', wen: 'when', wud: 'would', wld: 'would',
    cud: 'could', cld: 'could', shud: 'should', b4: 'before', l8r: 'later', l8er: 'later', gr8: 'great',
    wanna: 'want to', wana: 'want to', gonna: 'going to', gotta: 'got to', luv: 'love', gud: 'good',
    gd: 'good', summat: 'something', nowt: 'nothing', owt: 'anything', k: 'ok', kk: 'ok', okay: 'ok',
    okey: 'ok', alrite: 'alright', aight: 'alright', helo: 'hello', hallo: 'hello', hullo: 'hello',
    ello: 'hello', mornin: 'morning', evenin: 'evening',
    // please and thanks
    pls: 'please', plz: 'please', plse: 'please', plez: 'please', pleeze: 'please', pleae: 'please',
    thx: 'thanks', thnx: 'thanks', thanx: 'thanks', thnks: 'thanks', thks: 'thanks', tnx: 'thanks',
    tx: 'thanks', ty: 'thank you', tyvm: 'thank you very much',
    // messages and phones
    msg: 'message', mesg: 'message', msgs: 'messages', msging: 'messaging', msgd: 'messaged',
    txt: 'text', txts: 'texts', txting: 'texting', texing: 'texting', txted: 'texted', fone: 'phone',
    // time
    til: 'until', till: 'until', untill: 'until', tmrw: 'tomorrow', tmrow: 'tomorrow', tmr: 'tomorrow',
    tmoz: 'tomorrow', tomoz: 'tomorrow', tomo: 'tomorrow', '2moro': 'tomorrow', '2morrow': 'tomorrow',
    '2moz': 'tomorrow', tomorow: 'tomorrow', tommorow: 'tomorrow', tommorrow: 'tomorrow',
    '2day': 'today', tday: 'today', '2nite': 'tonight', '2night': 'tonight', tonite: 'tonight',
    wk: 'week', wks: 'weeks', mnth: 'month', mth: 'month', mnths: 'months', mths: 'months',
    nxt: 'next', bk: 'back', hol: 'holiday', hols: 'holidays', xmas: 'christmas', xmass: 'christmas',
    crimbo: 'christmas', chrimbo: 'christmas', chrissy: 'christmas', fortnitely: 'fortnightly',
    fortnightley: 'fortnightly', fortnitly: 'fortnightly',
    // services and people
    dr: 'doctor', drs: 'doctors', appt: 'appointment', hosp: 'hospital', neighbor: 'neighbour',
    neighbors: 'neighbours', nieghbour: 'neighbour', nieghbours: 'neighbours', bday: 'birthday',
    grandkid: 'grandchild', wellbeeing: 'wellbeing',
  }),
);
