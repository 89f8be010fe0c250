// What the bot remembers between turns about how it has talked with someone (not about the
// person: that lives in the domain tables). Kept in Bot Framework user state.
export interface LanternProfile {
  checkIns?: number;
  openQuestionsAsked?: number;
  lastOpenQuestionAt?: string;
  wellbeingOfferedAt?: string;
  /** The pause (its start) we last asked "would you like to carry on?" about. */
  askedToResumeFor?: string;
}
