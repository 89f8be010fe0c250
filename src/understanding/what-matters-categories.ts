import type { WhatMattersCategory, WhatMattersMention } from './intent-types';

/**
 * Which strength or need a check-in message speaks of, so a coach sees "what matters" grouped the
 * way the strengths-based model groups it. Patterns run on the normalised words ("i am", "do not").
 * The first matching rule wins, so ORDER IS PRECEDENCE:
 *  1. how people describe themselves (qualities, skills, caring for someone, volunteering), which would
 *     otherwise look like interests or needs ("I'm a carer for my mum", "I volunteer at the food bank");
 *  2. practical needs and health goals, the things a coach can act on;
 *  3. named groups and leaders, before the buildings they meet in;
 *  4. "I love/enjoy doing…", before the people it is done with;
 *  5. services, places, neighbours, family; then looser interests; then other goals.
 * Decided: getting back into work is OTHER. Work is not one of the sixteen strengths, and filing it as
 * a skill would inflate "knowledge and skills" in neighbourhood reports.
 * Decided: pets count as RELATIONSHIPS ("my dog keeps me going"), unless it is an activity ("walking the dog").
 */
interface CategoryRule {
  readonly category: WhatMattersCategory;
  readonly why: string;
  readonly pattern: RegExp;
}

const KINDS_OF_PERSON =
  'good listener|listener|patient|kind|caring|reliable|honest|loyal|determined|resilient|stubborn|organised|' +
  'organized|friendly|funny|calm|creative|positive|hard working|hardworking|hard worker|people person|generous|' +
  'thoughtful|brave|independent|chatty|sociable|cheerful|optimistic|an optimist|helpful|good with people|' +
  'good at listening|fighter|survivor|strong person|practical person|good friend|good mum|good dad';

const CATEGORY_RULES: readonly CategoryRule[] = [
  {
    category: 'PERSONAL_QUALITIES',
    why: 'describes themselves as a kind of person',
    pattern: new RegExp(`\\bi am (?:a |an )?(?:really |very |quite |pretty |so |always |a really |a very )?(?:${KINDS_OF_PERSON})\\b`),
  },
  {
    category: 'PERSONAL_QUALITIES',
    why: 'what others see in them',
    pattern: /\b(?:people|everyone|friends|they|my \w+) (?:say|says|tell me|told me|call me|think) i am\b|\bi never give up\b|\bi (?:like|love) helping (?:people|others)\b|\bi (?:can )?make people laugh\b/,
  },
  {
    category: 'KNOWLEDGE_AND_SKILLS',
    why: 'a past trade or job',
    pattern: /(?:^|\bi )used to (?:be an? |work (?:as|in|at|for|on)\b)|\bi (?:worked|work) as\b|\btrained as\b|\bby trade\b|\bapprenticeship\b|\bi (?:was|am) an? (?:qualified |trained |retired |former )?\w+ (?:for \w+ years|by trade)\b|\bi am (?:a )?(?:retired|former|ex|qualified|trained) \w+/,
  },
  {
    category: 'KNOWLEDGE_AND_SKILLS',
    why: 'something they are good at or can do',
    pattern: /\bi (?:am|have always been|have been|was always|was) (?:really |very |quite |pretty |dead )?(?:good|handy|great|decent|brilliant|skilled|experienced|useful) (?:with|at)\b|\bi (?:can|know how to) (?:cook|bake|sew|knit|drive|fix|mend|paint|draw|build|repair|decorate|garden|use|speak|play|sing|type|make)\b|\bi speak \w+|\bi am a (?:really |very )?(?:good|great|decent|brilliant|fantastic|excellent) (?:cook|baker|driver|gardener|singer|dancer|artist|painter|mechanic|knitter|swimmer|writer|cleaner|carpenter|player)\b|\bi make (?:a |the )?(?:lovely|great|good|best|mean|brilliant) \w+|\bi know (?:a lot|loads|lots) about\b|\bi (?:have|got) (?:a |an )?(?:degree|diploma|qualification|nvq|certificate)\b/,
  },
  {
    category: 'RELATIONSHIPS',
    why: 'they care for someone close',
    pattern: /\bi (?:am|have been) (?:a |the |an unpaid |a full time |her |his |their )?carer\b|\bi (?:look after|care for) my\b/,
  },
  {
    category: 'COMMUNITY_GROUPS',
    why: 'they volunteer somewhere',
    pattern: /\bi (?:volunteer|help out|do volunteering)\b|\bvolunteering\b/,
  },
  {
    category: 'MONEY',
    why: 'money worries or income',
    pattern: /\b(?:bills?|debts?|arrears|afford|benefits?|universal credit|pip|esa|money|skint|food ?bank|council tax|overdraft|loans?|payday|cost of living|budget\w*|wages|bailiffs?|debt collectors?|credit card|pay (?:the|my|for|off|back)|paying (?:the|my|for|off|back)|(?:prepay|prepayment|electric|gas) meter|(?:am|so|totally|completely|flat) broke)\b/,
  },
  {
    category: 'HOUSING',
    why: 'their home',
    pattern: /\b(?:damp|mould|mold|landlord|landlady|housing|evict\w*|homeless|sofa surfing|council (?:house|flat)|housing association|repairs?|rent|tenancy|bedsit|hostel|overcrowded|boiler|heating|(?:my|the|our|a|new|this) (?:flat|house|home)|moving (?:house|home)|heating (?:is |has )?(?:broken|not working|off|gone))\b/,
  },
  {
    category: 'TRANSPORT',
    why: 'getting about',
    pattern: /\b(?:bus|buses|bus pass|trains?|taxis?|tram|metro|transport|petrol|blue badge|mobility scooter|dial a ride|ring and ride|(?:my|no|the|a) car|lifts? to|cannot get (?:to|there)|no way (?:to get|of getting)|learn to drive|driving lessons?)\b/,
  },
  {
    category: 'HEALTH',
    why: 'health or a health goal',
    pattern: /\b(?:smoking|smoke|cigs|cigarettes|vap(?:e|ing)|drinking|alcohol|booze|weight|diet|get fit|keep fit|fitter|healthier|health|exercise|sleep\w*|pain|diabet\w*|blood pressure|asthma|copd|arthritis|knees?|hips?|cancer|operation|medication|meds|tablets|anxi\w+|depress\w+|mental health|panic attacks?|breathing|mobility|walking stick|wheelchair|stroke|dementia|my back (?:is|hurts|has|went|gone)|bad back)\b/,
  },
  {
    category: 'SHARED_INTEREST_GROUPS',
    why: 'a group built round an interest',
    pattern: /\b(?:knit and natter|knitting group|craft group|choir|singing group|walking group|walking club|ramblers|book club|reading group|mens shed|men s shed|running club|park ?run|darts team|pool team|bowls|bowling club|gardening club|art class|art group|photography club|football team|cricket club|chess club|quiz team|dance class|zumba|tai chi|yoga class|u3a)\b/,
  },
  {
    category: 'COMMUNITY_GROUPS',
    why: 'a community group or faith community',
    pattern: /\b(?:lunch club|coffee morning|friendship group|support group|carers group|church|mosque|gurdwara|temple|synagogue|community group|tenants association|residents association|warm space|warm hub|womens institute|the wi|rotary|youth club|mums group|toddler group)\b/,
  },
  {
    category: 'COMMUNITY_LEADERS',
    why: 'someone who leads locally',
    pattern: /\b(?:vicar|priest|imam|rabbi|pastor|reverend|councillor|my mp|the mp|local mp|mayor|faith leader|community leader|(?:lady|man|woman|bloke|guy|fella|chap|person) who runs|runs the|organiser|chair of)\b/,
  },
  {
    category: 'PASSIONS_AND_INTERESTS',
    why: 'loves doing something',
    pattern: /\bi (?:really |absolutely |just |still )?(?:love|enjoy|adore|like) (?:\w+ing|to \w+)\b|\bi am (?:really |very |a bit |well )?(?:into|passionate about|interested in|a fan of|mad about|keen on|obsessed with)\b|\b(?:my )?(?:hobby|hobbies|passion)\b/,
  },
  {
    category: 'SHARED_INTEREST_GROUPS',
    why: 'a club, class or group',
    pattern: /\b(?:club|class|classes|society|group|team)\b/,
  },
  {
    category: 'CARE_SERVICES',
    why: 'health or social care services',
    pattern: /\b(?:gp|doctors?|surgery|hospital|appointments?|care home|nurse|physio\w*|social worker|social services|carers?|care package|home help|occupational therapist|dentist|pharmacy|chemist|prescriptions?|mental health team|cpn|counsell?(?:ing|or)|therap(?:y|ist)|waiting list)\b/,
  },
  {
    category: 'SCHOOLS',
    why: 'school or college',
    pattern: /\b(?:schools?|college|nursery|teachers?|head ?teacher|senco|ehcp|uni|university|school run|homework|sixth form)\b/,
  },
  {
    category: 'COMMUNITY_BUILDINGS',
    why: 'a community building',
    pattern: /\b(?:library|community centre|community center|village hall|church hall|town hall|community hub|family hub|childrens centre|sports hall|post office)\b/,
  },
  {
    category: 'LEISURE',
    why: 'leisure places and outings',
    pattern: /\b(?:gym|swimming pool|the pool|leisure centre|baths|cinema|theatre|park|parks|the match|bingo|pub|cafe|day out|days out|beach|seaside|countryside|museum)\b/,
  },
  {
    category: 'NEIGHBOURS',
    why: 'their neighbours',
    pattern: /\b(?:neighbours?|next door|over the road|across the road|across the street|(?:lady|man|couple|people|family) (?:upstairs|downstairs))\b/,
  },
  {
    category: 'RELATIONSHIPS',
    why: 'family, friends or pets',
    pattern: /\b(?:mum|mam|mom|mother|dad|father|sons?|daughters?|granddaughters?|grandsons?|grandkids|grandchild|grandchildren|grandma|grandmother|grandad|grandpa|grandfather|nan|nana|nanna|gran|granny|husband|hubby|wife|partner|boyfriend|girlfriend|fiancee?|sister|brother|siblings?|family|friends?|mates|my mate|pals?|bestie|kids|children|child|baby|auntie|aunt|uncle|cousin|niece|nephew|in laws|dog|cat|puppy|kitten|pets?|budgie)\b/,
  },
  {
    category: 'PASSIONS_AND_INTERESTS',
    why: 'an interest they name',
    pattern: /\b(?:love|enjoy|like|adore|miss|proud of|favourite|fan of|play|playing|took up|taken up|get back into|learn|learning|started)\b.*\b(?:gardening|allotment|garden|fishing|football|rugby|cricket|music|reading|books|painting|drawing|baking|cooking|knitting|crochet|sewing|walking|hiking|birdwatching|bird watching|photography|dancing|singing|crosswords?|jigsaws?|puzzles?|films?|movies?|history|motorbikes?|cars|woodwork|diy|crafts?|art|poetry|writing|guitar|piano|chess|darts|snooker|gaming|nature|wildlife|animals|horses|cycling|swimming|yoga|quiz|quizzes)\b/,
  },
  {
    category: 'OTHER',
    why: 'a goal or something that matters, not in a named group',
    pattern: /\b(?:get back (?:in)?to work|back to work|(?:new|got a|got the) job|(?:find|get|looking for) (?:a )?(?:job|work)|i (?:want|would like|would love|am hoping|hope) to|my goal|matters to me|important to me|keeps me going)\b/,
  },
];

/** What matters in a check-in message, with the person's words as they wrote them; null if nothing. */
/** "a friend told me about this", "my GP said to text": how they found us, not what matters to them. */
const HOW_THEY_FOUND_US = /\b(?:told me (?:about|to)|recommended|suggested|said (?:i should|to)|gave me (?:this|the|your)|sent me|put me (?:onto|on to|in touch)|referred me|passed on)\b/;

export function findWhatMatters(words: string, light: string): WhatMattersMention | null {
  if (light === '' || HOW_THEY_FOUND_US.test(words)) return null;
  const rule = CATEGORY_RULES.find((r) => r.pattern.test(words));
  return rule ? { category: rule.category, text: light } : null;
}
