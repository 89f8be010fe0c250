import type { CrisisKind } from './crisis';

/**
 * The phrase rules behind detectCrisis. They match the normalised text from crisis.ts: lower case,
 * text-speak expanded ("cant" → "cannot", "wanna" → "want to", "kms" → "kill myself"), one space
 * between words, and " . " wherever the person paused (full stop, comma, new line, dash).
 * Missing a crisis is far worse than a false alarm, so when a phrase is ambiguous the rule fires and
 * only clearly harmless idioms are carved out (FIGURES_OF_SPEECH below).
 */
const r = (s: TemplateStringsArray, ...parts: string[]): RegExp => new RegExp(String.raw(s, ...parts));

/** The phrase stops here: "i cant go on." but not "i cant go on the bus". */
const END = String.raw`(?= \.|$)`;
const FAMILY = String.raw`(?:husband|wife|partner|boyfriend|girlfriend|fella|bloke|man|ex|other half|dad|father|stepdad|mum|mother|stepmum|son|daughter|brother|sister|uncle|carer|landlord|grandson|nephew|flatmate|housemate)s?`;
/** Someone the person lives with or knows: harm from them is abuse, from a stranger violence. */
const KNOWN = String.raw`(?:he|she|they|(?:(?:my|me|her|his|our|the|your) )?(?:(?:mums|dads|nans|sisters|brothers) )?(?:ex )?${FAMILY})`;
const VICTIM = String.raw`(?:me|us|the kids|my (?:kids|children|son|daughter|baby|mum|dad))`;
const MEDS = String.raw`(?:tablets?|pills?|meds|medication|medicine|tabs|paracetamol|cocodamol|codeine|ibuprofen|aspirin|painkillers|antidepressants|sertraline|citalopram|fluoxetine|mirtazapine|amitriptyline|diazepam|valium|zopiclone|pregabalin|gabapentin|tramadol|morphine|oxycodone|insulin|lithium|heroin|methadone)`;
const LOTS = String.raw`(?:all|all of|the whole|a whole|whole|every one of|loads of|a load of|lots of|a lot of|too many|a handful of|handfuls of|a bottle of|a box of|a packet of|a pack of|a strip of|\d{2,}|twenty|thirty|forty|fifty|a hundred)(?: (?:packets?|boxes|box|bottles?|strips?|packs?|tubs?) of)?(?: (?:my|me|the|them|these|those|of my))?(?: \w+)?`;
/** What follows "took all my tablets" when it is the daily round, not an overdose. */
const ROUTINE = String.raw`(?:out of|today|this morning|this evening|for (?:today|the day|the week)|like|as|on time|with (?:my )?(?:breakfast|food|dinner|tea|lunch)|(?:to|back to|round to|down to|into|with me to) (?:the )?(?:chemist|pharmacy|pharmacist|gp|doctors?|surgery|hospital|review|appointment|clinic))`;
const FEAR = String.raw`(?:scared|afraid|frightened|terrified|petrified|fear|fearing)`;

export const CRISIS_RULES: Readonly<Record<CrisisKind, readonly RegExp[]>> = {
  // Happening now: the first thing a coach must see, so it is checked first.
  'immediate-danger': [
    r`\b(?:i am|we are|me and the kids are) not safe(?= \.|$| here| at home| with| anymore| tonight| now| in)`,
    r`\b(?:do not|never|no longer) feel safe(?= \.|$| at home| here| with| anymore| tonight| in my| in the house| around)`,
    r`\bi am in (?:real |serious )?danger\b`,
    r`\b${FEAR} for (?:my|our) (?:life|lives|safety)\b`,
    r`\b(?:someone|somebody|a man|a stranger) (?:is )?in (?:my|our) (?:house|flat|home|bedroom)${END}`,
    r`\b(?:please|can you|could you|someone|somebody) (?:\w+ ){0,2}(?:call|ring|phone|send) (?:the )?(?:police|999|an ambulance|ambulance|for help)\b`,
    r`\bneed (?:the police|an ambulance)\b|\bneed (?:help now|help right now|urgent help)${END}`,
    r`\b(?:trying to|is|are) (?:break|breaking|kick|kicking) (?:in|into|down)\b`,
    // Someone at the door only matters with fear or threat close by (the postman is at the door too).
    r`\b(?:he|she|they|someone|somebody|my ex) is (?:outside|at) (?:my|the) (?:door|house|flat|window)\b.{0,80}\b(?:${FEAR}|kill|hurt|help|police|screaming|banging)\b`,
    r`\b(?:${FEAR}|help|police)\b.{0,80}\b(?:he|she|they|someone|somebody|my ex) is (?:outside|at) (?:my|the) (?:door|house|flat|window)\b`,
    r`\b(?:locked|barricaded|hiding|hid) (?:myself|me|us|me and the kids) in\b`,
    r`\bhiding from (?:him|her|them|my \w+)\b`,
    r`\b(?:someone|somebody|a man|a guy|a car|he|she|they|my ex)(?: is| are| has been| keeps| kept)? following me\b(?! on)`,
    // Not the edge of the bed, the railway station or the bridge club.
    r`\b(?:standing|stood|sat|sitting|i am) (?:on|at) (?:the )?(?:edge|ledge|roof|bridge|cliff|tracks|railway|platform edge)\b(?! of (?:the |my )?(?:bed|seat|sofa|chair|bath|pool|table|park|road|pavement|kerb|field|woods|town|village|estate)| station| club)`,
    r`\b(?:about to|going to) jump(?= \.|$| off| from| in front)`,
  ],
  overdose: [
    r`\b(?:overdose|overdosed|overdosing|overdoses)\b`,
    // "I've taken all my tablets today" is someone doing as the GP said.
    r`\b(?:took|taken|swallowed|necked|downed) ${LOTS} ?${MEDS}\b(?! ${ROUTINE})`,
    r`\b(?:going to|want to|about to|thinking about|thinking of|tempted to|planning to|might) (?:take|taking|swallow|swallowing|neck|down) ${LOTS} ?${MEDS}\b(?! ${ROUTINE}| with me| away)`,
    // Gathering the means is a plan, even when nothing has been taken yet.
    r`\b(?:saving|saved|stockpiling|stockpiled|stockpile|hoarding|hoarded|hoard|stashing|stashed) (?:up )?(?:all )?(?:of )?(?:my |me |the )?(?:\w+ )?${MEDS}\b`,
    r`\b(?:[2-9]|\d{2,}|two|three|four|five|six|several|a few|loads of|lots of) (?:boxes|packets|packs|bottles|strips) of (?:\w+ )?${MEDS}\b`,
    r`\bhow many (?:\w+ ){0,2}${MEDS} (?:\w+ ){0,3}(?:would it take|does it take|will it take|it takes|to die|to kill|would kill|will kill|kills you|to not wake up|to overdose|is fatal|are fatal|is lethal|are lethal)\b`,
    r`\b(?:lethal|fatal|deadly) (?:dose|amount)\b`,
    r`\b${MEDS} (?:saved|stashed|hidden|stockpiled|hoarded)\b|\bstash of (?:\w+ )?${MEDS}\b`,
    r`\b(?:took|taken|take|swallowed|necked|downed) (?:the whole|a whole|the entire|the full) (?:box|packet|pack|bottle|strip|tub)${END}|\b(?:took|taken|take|swallowed|necked|downed) (?:the lot|them all|all of them)${END}`,
    r`\b(?:bottle|bottles|load|loads) of (?:vodka|wine|whisky|whiskey|gin|booze|cider|rum)(?: \w+){0,4} (?:took|taken|swallowed|necked|with) (?:\w+ ){0,2}${MEDS}\b`,
    r`\benough (?:\w+ )?${MEDS} to (?:kill|die|end|not wake|overdose|do it)\b`,
    // A bottle, not a glass: "took my tablets with a glass of wine" is an evening, not an overdose.
    r`\b(?:took|taken|swallowed|necked|downed|washed down) (?:\w+ ){0,3}${MEDS} (?:with|and) (?:a |half a |the )?(?:bottle|bottles|load|loads) of (?:vodka|wine|whisky|whiskey|gin|booze|alcohol|drink|cider|rum)\b`,
    r`\b(?:drank|drink|drinking|drunk|swallowed|swallow) (?:some |the |a bottle of )?(?:bleach|antifreeze|weedkiller|poison)\b`,
    r`\b(?:take|taking|took|swallow|swallowed) everything in (?:the|my) (?:medicine |bathroom |kitchen )?(?:cupboards?|cabinet|drawer|box)\b`,
  ],
  suicide: [
    // Naming it, in any spelling the normaliser can repair, and the slang that dodges filters.
    r`\b(?:suicide|suicidal|suicidally|sewerslide|unalive|unalived|unaliving)\b`,
    r`\b(?:kill|killing|killed|end|ending|hang|hanging|hanged|drown|drowning|gas|gassing|shoot|shooting) myself\b`,
    // "I'm off myself on Friday" is a day's leave and "top myself up" is phone credit.
    r`\b(?:to|just|might|will) off myself\b|\b(?:top|topping|topped) myself\b(?! up)`,
    r`\bthrow(?:ing)? myself (?:off|under|in front|into)\b`,
    // Jumping off the bus is getting off it; jumping in front of one is not.
    r`\bjump(?:ing)? (?:off|from) (?:a |the |that |some )?(?:\w+ )?(?:bridge|building|roof|cliff|car park|multi storey|flats|tower|balcony)\b`,
    r`\b(?:jump|jumping|step|stepping|walk|walking) (?:in front of|under|into) (?:a |the )?(?:\w+ )?(?:train|bus|lorry|traffic|sea|river|canal)\b(?! station| stop| depot| shelter)`,
    r`\b(?:lie|lying|lay|laying) (?:down )?on (?:the )?(?:train )?(?:tracks|railway|motorway)\b`,
    r`\b(?:noose|ligature)\b|\brope (?:round|around) my neck\b`,
    r`\b(?:bought|got|have|found|tied|hidden|hid) (?:a |the )?rope\b(?: \w+| \.){0,8} (?:use it|not for|for myself|for me|tonight)\b`,
    // Wanting to die or never to have been born.
    r`\b(?:want|wanted|wanting|wish|wished|hope|ready|deserve|rather|tempted|longing|desperate)(?: to| i could| i would| i| i was| i were| id| i had)?(?: just)? (?:die|died|be dead|dead|not exist|not be alive|stop existing|stop living|never been born|not been born|never born|never existed)\b`,
    r`\bwish (?:i was|i were|i could be) (?:gone|not alive)\b|\bi (?:should|ought to) (?:just )?die\b`, // not "wish i had gone to the party"
    r`\b(?:do not|never|no longer|did not) (?:want|wish) to (?:be alive|exist|wake up)\b`,
    r`\b(?:do not|never|no longer) want to (?:live|be here|be around|go on|carry on|keep going)(?= \.|$| anymore| any longer| like this| without| on this earth| in this world| with (?:this|the|my) pain)`,
    r`\b(?:will not|might not|may not|not going to|do not think (?:i will|ill|i would)) be (?:here|around|alive)(?= anymore| much longer| for much longer| for long)`,
    r`\b(?:sleep|go to sleep|fall asleep|close my eyes) and (?:never|not) wake up\b|\bnever wake up again\b`,
    r`\b(?:hope|pray|praying|wish)(?: that)? i (?:do not|never|will not) wake up\b|\b(?:want|wish) to (?:go to )?sleep forever\b`,
    // Hopelessness about going on at all.
    r`\bcannot (?:go|carry) on(?= \.|$| anymore| like this| any longer| much longer| living| with (?:life|it all|everything|this life)| no more)`,
    r`\bcannot (?:do this|cope|take it|take this|take anymore|take much more|keep going)(?= \.|$| anymore| no more| any longer)`,
    r`\b(?:how|able|strength|point|too much|too hard|too painful) to (?:carry on|go on|keep going|live)(?= \.|$| anymore| any longer| without| living)`,
    r`\bcannot face (?:another day|living|life|waking up|going on)\b|\bcannot (?:live|exist) (?:like this|anymore|any longer)\b`,
    r`\b(?:no|what is the) point (?:anymore|in anything|in life|in living|of living|of life|in going on|in carrying on|in me|of me|in being here|of being here|in being alive|in waking up|in trying anymore|in any of it|of any of it|in it all|of it all|of anything|to anything|to life|to me|living)\b`,
    r`\bcannot see (?:the|any) point(?= \.|$| anymore| in (?:anything|life|living|going on|carrying on|it all|any of it|being here|me)| of (?:anything|life|living|it all))`,
    r`\bdo not see (?:the|any) point (?:anymore|in anything|in life|in living|in going on|in carrying on|in being here|of anything|of living|of life)\b`,
    // Believing others would be better off without them.
    r`\bbetter off (?:dead|without me|with me gone|with me dead)\b`,
    r`\b(?:better off|better|easier|happier)(?: for \w+)? if i (?:(?:was|were|had) (?:gone|dead|not here|not around|never been born|never born)|(?:was|were) not (?:here|around|alive)|died|disappeared|just went)\b`,
    r`\b(?:everyone|everybody|they|my family|my kids|the kids|the world|people|all)(?: would| will)?(?: all)? be better off(?= \.|$| without)`,
    r`\b(?:everyone|everybody|world|they|family|kids|life) (?:\w+ ){0,2}better without me\b`,
    r`\b(?:nobody|no one)(?: would| will)?(?: even)? (?:miss me|notice|care)(?: \w+){0,2} if i (?:was|were|went|died|disappeared|killed|was gone)\b`,
    r`\b(?:nobody|no one)(?: would| will)?(?: even)? (?:miss|notice) me(?= \.|$| anyway)`,
    // Ending it: life, everything, it all.
    r`\b(?:end|ending|ended|take|taking|took) (?:my|me) (?:own )?life\b(?! savings| story| insurance)|\b(?:end|ending|finish|finishing) it all\b|\bend everything\b`,
    r`\b(?:want|going|ready|planning|plan|decided|thinking about|thinking of|think about|tempted|about|trying|just want|will|might) to end (?:it|things|this|everything)(?= \.|$| now| tonight| today| soon| for good| once and for all| here)`,
    r`\b(?:about|of|considering|just|keep thinking about|feel like) ending (?:it|things|everything)(?= \.|$| now| tonight| today| soon| for good)`,
    r`\b(?:i am|feel like|i feel) (?:such |just |nothing but )?a (?:burden|waste of space)(?= \.|$| to everyone| on everyone| to everybody| to my family)`,
    r`\b(?:thinking|think|thoughts) (?:about|of) (?:dying|being dead|not being here|not being alive)\b`,
    r`\b(?:ways|way|how|painless way) to (?:die|kill (?:myself|yourself)|end (?:it|my life)|commit suicide|overdose)\b`,
    r`\bno way out(?= \.|$| anymore| for me| of this (?:life|pain|hell))|\bcannot see (?:a|any) way out${END}`,
    r`\b(?:tired|sick|weary|exhausted|had enough) of (?:living|life|being alive|existing|being here|this life)\b(?! admin)`,
    r`\b(?:done|finished) with (?:life|living|being alive|it all|this life)\b`,
    r`\blife (?:is not|is no longer|not) (?:even )?worth (?:living|it)\b(?! without a)|\b(?:not|no longer) worth living\b`,
    r`\bnothing (?:left )?to live for\b|\bno reason to (?:live|carry on|go on|keep going|be here|stay alive|wake up)\b`,
    r`\b(?:want|wanted|need|wish)(?: for)? (?:it|it all|everything|this|all this|all of this|the pain|life|the world) to (?:stop|end|be over|go away)(?= \.|$| now| forever| for good| already| once and for all)`,
    r`\bmake (?:it all|everything|the pain) stop${END}`, // plain "make it stop" is often a dripping tap
    r`\b(?:want to|wish i could|going to) (?:just )?disappear(?= \.|$| forever| for good| and never)`,
    // Goodbyes, affairs in order, and the euphemisms people use for a plan.
    r`\b(?:sorry for everything|love you all) \. goodbye\b|\bgoodbye (?:everyone|everybody|world|cruel world)${END}|\bthis is (?:my )?goodbye\b|\b(?:said|saying) my goodbyes\b|\bgoodbye (?:letters?|notes?|messages?|forever)\b`,
    r`\b(?:giving|gave|give) away (?:all )?(?:my|me) (?:things|stuff|belongings|possessions)\b|\bmy affairs in order\b`,
    r`\b(?:written|wrote|writing|left) (?:a |my )?(?:notes?|letters?) (?:for|to) (?:my|the|me) (?:kids|family|children|mum|dad|son|daughter|wife|husband|partner)\b`,
    r`\b(?:going to|might|will|afraid i will|scared i will|about to|want to|tempted to) do something (?:stupid|silly|drastic)\b`,
  ],
  'self-harm': [
    r`\bselfharm(?:ing|ed|er|s)?\b`,
    r`\b(?:cuts|scars) on (?:my|me) (?:arms?|legs?|thighs?|wrists?)\b|\b(?:arms?|legs?|thighs?|wrists?) (?:are |is )?covered in (?:cuts|scars|burns)\b`,
    r`\b(?:cutting|harming|burning|scarring|stabbing|stabbed|punching|starving) myself\b`,
    r`\b(?:cut|cuts|burnt|burned|burn|hurt|hurting|hit|hitting|punched|scratched|scratching) myself (?:again|on purpose|deliberately|to feel|to cope|so i|until|every night|when i|because|last night)\b`,
    // "My hip's been hurting again" is a hip: only cutting and harming stand alone with "again".
    r`\b(?:want|urge|urges|going|tempted|thinking about|think about|feel like|need|stop myself from|cannot stop|started|start|been|keep|back to|relapsed and) (?:to )?(?:(?:cut|cutting|hurt|hurting|harm|harming|burn|burning) myself|(?:cut|cutting|harming) again)\b`,
    r`\b(?:cut|cuts|cutting|slit|slitting|slashed|slashing|sliced|slicing) (?:my|me) wrists?\b`,
    r`\b(?:slit|slitting|slashed|slashing|carved|carving) (?:my|me) (?:arms?|legs?|thighs?|skin|stomach)\b`,
    r`\b(?:cut|cuts|cutting) (?:my|me) (?:arms?|legs?|thighs?|skin|stomach|tummy|hips?)(?= \.|$| again| open| up| on purpose| deliberately| last night| every| until| to)`,
    r`\b(?:until|so) (?:it|they|i|my \w+) (?:bleeds?|bled)\b`,
    r`\b(?:bang|banging|banged|hit|hitting|punch|punching) (?:my head|myself|walls?)(?: \w+){0,4} until\b`,
    r`\bi (?:burn|cut|hurt|hit|punch|scratch) myself(?= \.|$| when| to| because| every night)|(?:^|\. )(?:i )?(?:cutting|cut) again(?= \.|$| last night| tonight| today)`,
    r`\b(?:blades?|razors?) (?:out|again)\b|\b(?:hiding|hid|hide|hidden) (?:my |the )?(?:blades?|razors?)\b`,
  ],
  abuse: [
    r`\b${KNOWN}(?: \w+){0,4} (?:hits?|hitting|beats?|beating|beaten|punche?s|punched|punching|kicks?|kicked|kicking|slaps?|slapped|slapping|hurting|hurt|touches|touching|strangles?|strangled|strangling|chokes?|choked|choking|smacks?|smacked|headbutted|throttled|batters|battered|hurts|rapes?|raped|assaulted|abuses?|abused|abusing|attacked|threatens|threatened|threatening|shoves|shoved) ${VICTIM}\b`,
    // Not "pushed me into joining the choir".
    r`\b${KNOWN}(?: \w+){0,3} (?:pushed|pushes|shoved|threw) me (?:down|over|against|off|onto)\b`,
    r`\b(?:domestic (?:abuse|violence)|coercive control|abusive (?:relationship|partner|husband|wife|boyfriend|girlfriend|marriage|ex|home)|(?:being|been|was) abused|abusing me|abuses me)\b`,
    r`\b(?:raped|rapes me|rape me|sexually assaulted|sexual assault|molested|groped)\b|\btouched me (?:down there|inappropriately|where|when i|at night|under)\b`,
    r`\b${KNOWN}(?: \w+){0,3} (?:said|says|told me|threatened|threatens|threatening|keeps saying|swore|swears|promised|warned me)(?: \w+){0,4} (?:(?:kill|hurt|stab|batter|strangle|murder|beat up) (?:${VICTIM}|himself|herself)|take (?:the|my) kids)\b`,
    // "Mum will kill me when she sees the kitchen" is an idiom; said flatly, or tied to finding out, it is not.
    r`\b${KNOWN} (?:is going to|will|would|might) (?:actually |really |genuinely )?(?:kill|hurt|batter) (?:me|us)(?= \.|$| if (?:he|she|they) (?:finds?|found) out| one day| this time| next time| tonight)`,
    r`\b(?:kill|hurt|batter) (?:me|us)(?: \w+)? if i (?:leave|left|ever leave|go|tell|report|call|talk|speak|try)\b`,
    r`\b${FEAR} (?:that )?(?:he|she|they|${KNOWN}) (?:will|would|is going to|might|could) (?:kill|hurt|batter|find) (?:me|us)\b`,
    r`\b${FEAR} (?:of|to go|of going) home\b(?! in the dark)|\b${FEAR} of (?:him|her|${KNOWN})\b(?! (?:driving|cooking|snoring|singing|dog|cat|car|reaction))|\b${FEAR} (?:of )?what (?:he|she|they) (?:will|would|might|is going to) do\b|\bliving in fear\b`,
    // Coercive control: money, phone, friends and freedom taken away.
    r`\b${KNOWN}(?: \w+){0,2} (?:will not|does not|would not|never) let me (?:go out|leave|see my|talk to|speak to|have (?:my own |any )?(?:money|a phone|my phone|friends)|use (?:my|the) phone|out of (?:his|her) sight|go anywhere|get a job|work)\b`,
    r`\bnot allowed (?:out|to go out|to leave|to see my (?:friends|family|mum|kids)|to have (?:my own )?(?:money|a phone)|to talk to anyone|my own money)\b`,
    r`\b${KNOWN}(?: \w+){0,2} (?:checks|goes through|reads|monitors) (?:all )?(?:my|me) (?:phone|messages|texts|emails)\b(?! for (?:viruses|scams|updates|me)| settings| works| is working)`,
    r`\b${KNOWN}(?: \w+){0,2} (?:controls|takes|took|keeps|stole|steals|has taken) (?:all )?(?:of )?(?:my|me|the) (?:money|pension|benefits|wages|bank card|card|passport)\b(?! out| for me| to the)`,
    r`\b(?:smashed|smashes|took|takes|hid|hides|broke|breaks) my phone (?:so|and) i (?:cannot|could not) (?:call|ring|phone|contact|text|talk)\b|\b${KNOWN}(?: \w+){0,2} (?:smashed|smashes) (?:my|me) phone\b`,
    r`\b(?:being stalked|stalking me|stalks me)\b`,
    r`\bcontrols (?:all )?(?:the|my) money\b|\b${KNOWN}(?: \w+){0,2} controls (?:everything|where i go|who i see|what i)\b|\b${KNOWN}(?: \w+){0,2} lock(?:s|ed)? me (?:in|up|out)\b(?! by accident)`,
    r`\b${KNOWN}(?: \w+){0,2} (?:is|was|been|gets|got|getting|becomes|turns) (?:violent|physical|rough|handy)\b`,
    // A fall leaves bruises too; someone leaving them, or hiding them, is the sign.
    r`\b${KNOWN}(?: \w+){0,3} (?:leaves|left|gave|gives|giving) (?:me )?(?:with )?(?:bruises|a black eye|black eyes|a fat lip|a split lip)\b`,
    r`\b(?:hide|hiding|hid|cover up|covering up|covering) (?:the |my )?(?:bruises|black eye)\b`,
    r`\bhands? (?:round|around|on) (?:my|me) (?:throat|neck)\b|\b(?:grabbed|grabs|held|pinned|dragged) me (?:by|round) (?:the|my) (?:throat|neck|hair)\b|\bpinned me (?:down|against)\b`,
    r`\b(?:throws?|throwing|threw|thrown) (?:\w+ ){1,2}at (?:me|us)\b`,
  ],
  // Threats and attacks from strangers, weapons, and urges to hurt someone else.
  violence: [
    r`\b(?:pulled|pulls|held|waving|waved|came at me with|threatened me with) (?:a|his|her) (?:knife|gun|blade|machete|bat|weapon)\b`,
    r`\b(?:man|bloke|guy|lad|lads|someone|somebody|he|she|they|boys?|woman)(?: \w+){0,2} (?:with|has|carrying|is got|has got) (?:a|his|her) (?:knife|gun|machete|weapon)\b(?! sharpener| licence| block| set)|\bknife to my (?:throat|neck)\b`,
    r`\b(?:stab|stabbed|stabbing|shoot|shooting) (?:me|him|her|them|someone|somebody|people|my ${FAMILY})\b`,
    r`\b(?:want to|going to|feel like|tempted to|about to|urge to|planning to) (?:kill|killing|stab|stabbing|hurt|hurting|murder|murdering|batter|battering|strangle|strangling) (?:him|her|them|someone|somebody|people|everyone|my ${FAMILY})\b`,
    r`\b(?:got|been|was|were|being|get) (?:beaten up|jumped|attacked|assaulted|mugged|stabbed|glassed|set upon)\b`,
    r`\b(?:beat|battered) (?:me|us) up\b(?! the| to)|\b(?:attacked|assaulted|mugged|glassed) (?:me|us)\b`,
    r`\bthreatened to (?:burn|torch|smash|kill|hurt|stab|shoot|batter|petrol bomb)\b`,
  ],
};

/** Kinds in the order a coach needs them: the most urgent match names the flag. */
export const KIND_PRIORITY: readonly CrisisKind[] = ['immediate-danger', 'overdose', 'suicide', 'self-harm', 'abuse', 'violence'];

const TREATS = String.raw`(?:chocolate|choc|sugar|sweets|cake|cakes|biscuits|crisps|mince pies|christmas|easter eggs|telly|tv|netflix|box sets|sun|sunshine|caffeine|coffee|tea|carbs|cheese|pizza|turkey|love|nostalgia|fresh air|gardening|football|cricket|reality tv|soaps|quality street|food|cuteness|kindness|sprouts)`;

/**
 * Idioms blanked out before the rules run, so the risk words inside them stop counting. Each is
 * narrow on purpose: it removes only the idiom's own words, so "he hit me and kicked me out" still
 * matches "hit me".
 */
export const FIGURES_OF_SPEECH: readonly RegExp[] = [
  r`\b(?:die|dies|died|dying) (?:my|me|her|his|your|their|the) (?:hair|roots|beard|wool|fabric|clothes|jeans)\b`, // "dye", misspelt
  r`\bdie (?:of|from) (?:embarrassment|shame|boredom|laughing|laughter|cringe)\b|\bdie laughing\b`,
  r`\b(?:die|died|dies|dying) (?:back|off|down)\b`, // the garden, the wind
  r`\bdead (?:right|good|funny|chuffed|easy|nice|lucky|proud|excited|jealous|tired|keen|posh|gorgeous|happy|pleased)\b`,
  r`\bbeat (?:me|us) (?:at|in|to|on|by|hands down|fair and square)\b`, // games
  r`\bhit (?:me|us) up\b|\bkicked (?:me|us) out\b`, // "text me"; eviction is serious but not this kind
  r`\b(?:shoot|shot|shooting) myself in the foot\b`,
  r`\b(?:kill|killed|killing) myself laughing\b|\b(?:nearly|almost) killed myself (?:on|tripping|falling|slipping|getting|carrying|trying|doing|going|running|lifting)\b`,
  r`\boverdos\w* on ${TREATS}\b`,
  r`\b(?:end|ending|ended) (?:it|things) with (?:him|her|them|my ${FAMILY}|the ${FAMILY})\b`, // a break-up
  r`\bcutting myself (?:a|an|some|off|short|slack|out|free|loose|in)\b|\bburn(?:ing|t|ed)? myself out\b`,
  r`\bthreaten\w* (?:me|us) with (?:eviction|court|bailiffs|the bailiffs|a fine|the police|legal action|a ccj)\b`,
  r`\brather die than (?:watch|eat|do|go to|wear|listen|sit|miss|sing|dance|play|be seen)\b`, // but not "than go back to him"
  r`\bthrew (?:a |the )?(?:ball|frisbee|pillow|snowballs?|sweets|confetti) at (?:me|us)\b`,
  r`\bjumped on by (?:the|a|my|our) (?:dog|dogs|puppy|cat|kids|grandkids)\b`,
  r`\b(?:tired|sick) of living(?= out of| in (?:a|this|the|my)(?! world)| with (?:my|the)(?! pain)| on (?:my|the)| alone| next| near)`,
  r`\bwant to live(?= in(?! this world| fear| pain)| at| near| next| with (?:my|the|him|her|them)(?! pain)| there| somewhere| on my own| closer)`,
  r`\bdrown(?:ing)? myself in (?:work|tea|coffee|paperwork|books|chocolate|hobbies)\b`,
  r`\bwake up (?:early|so early|that early|this early|before|for (?:work|school|the)|at (?:\d|five|six|seven|eight|half|quarter))`,
  r`\b(?:taking|take|took) my life (?:back|in my hands)\b|\bstab\w* (?:\w+ )?in the back\b`,
  r`\battacked by (?:a |the )?(?:seagulls?|dogs?|wasps?|bees|midges|geese|swans?)\b`,
  r`\bin danger of\b|\bsuicide squad\b`,
];
