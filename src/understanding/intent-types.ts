/** What a person's message asks for. Re-exported by `intents.ts`; kept apart so the rules can name it. */
export type Intent =
  | { kind: 'opt-out' }
  | { kind: 'opt-in' }
  | { kind: 'help' }
  | { kind: 'ask-for-coach'; differentCoach: boolean; reason: string }
  | { kind: 'message-for-coach'; text: string }
  | { kind: 'pause'; when: string | null }
  | { kind: 'resume' }
  | { kind: 'list-what-matters' }
  | { kind: 'change-what-matters'; number: number; text: string }
  | { kind: 'remove-what-matters'; number: number }
  | { kind: 'add-what-matters'; text: string }
  | { kind: 'delete-my-data' }
  | { kind: 'send-my-data' }
  | { kind: 'link-phone'; phone: string | null }
  | { kind: 'set-rhythm'; rhythm: Rhythm; day: number | null; quietDays: number[] | null }
  | { kind: 'set-quiet-days'; days: number[] }
  | { kind: 'wellbeing-questions' }
  | { kind: 'practice-code'; code: string }
  | { kind: 'set-area'; area: string | null }
  | { kind: 'greeting' }
  | { kind: 'thanks' }
  | { kind: 'chat'; whatMatters: WhatMattersMention | null; score: number | null };

export type IntentKind = Intent['kind'];

export type Rhythm = 'weekly' | 'fortnightly' | 'monthly' | 'only-when-i-write';

export interface WhatMattersMention {
  category: WhatMattersCategory;
  text: string;
}

/** The eight "soft" strengths, the eight "hard" strengths and needs, and OTHER (see DOMAIN.md). */
export type WhatMattersCategory =
  | 'PERSONAL_QUALITIES'
  | 'KNOWLEDGE_AND_SKILLS'
  | 'RELATIONSHIPS'
  | 'PASSIONS_AND_INTERESTS'
  | 'NEIGHBOURS'
  | 'COMMUNITY_GROUPS'
  | 'SHARED_INTEREST_GROUPS'
  | 'COMMUNITY_LEADERS'
  | 'HEALTH'
  | 'MONEY'
  | 'HOUSING'
  | 'TRANSPORT'
  | 'CARE_SERVICES'
  | 'LEISURE'
  | 'SCHOOLS'
  | 'COMMUNITY_BUILDINGS'
  | 'OTHER';
